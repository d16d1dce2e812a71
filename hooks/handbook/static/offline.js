/* Offline reading, page side: registers the handbook's service worker (sw.js at the site root,
 * written by the build, see hooks/handbook/offline.py) and keeps one line in the footer that
 * tells the rep whether this phone can open the handbook without a network.
 *
 * Loaded on every page right after Material's bundle. Material's instant navigation swaps the
 * footer out, so the line is put back on every emission of Material's document$.
 */
(function () {
  "use strict"

  const script = document.currentScript
  if (!script || !/^https?:$/.test(location.protocol)) return
  const root = new URL("../../", script.src)  // this file is <root>/assets/handbook/offline.js
  const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null

  const READY_TOAST = "已可离线使用：没有网络时也能打开这本手册"
  // Material's toast is not a live region: make it one, so a screen reader reads it out too.
  const toast = document.querySelector(".md-dialog[data-md-component=dialog]")
  if (toast && !toast.hasAttribute("role")) toast.setAttribute("role", "status")

  // What the footer says; null says nothing.
  let state = { kind: worker && window.isSecureContext ? "checking" : "unsupported" }

  function text() {
    switch (state.kind) {
      case "unsupported":
        return worker ? "这个网址不能离线保存手册（需要 https 网址）" : "这个浏览器不能离线保存手册"
      case "saving":
        return "正在保存手册，以便离线阅读…" + (state.total ? `（${state.done}/${state.total}）` : "")
      case "failed":
        return "离线保存没有完成：联网后打开任一页面会继续"
      case "ready": {
        const edition = state.label ? `（${state.label} 版）` : ""
        return navigator.onLine ? `已可离线使用${edition}` : `当前离线：正在读手机上保存的手册${edition}`
      }
      default:
        return null
    }
  }

  function render() {
    const footer = document.querySelector(".md-footer-meta .md-copyright")
    if (!footer) return
    let line = footer.querySelector(".handbook-offline")
    const message = text()
    if (message === null) {
      if (line) line.remove()
      return
    }
    if (!line) {
      // Not a live region: progress would be read out twenty times; the toast below is announced.
      line = document.createElement("div")
      line.className = "handbook-offline md-copyright__highlight"
      footer.prepend(line)
    }
    if (line.textContent !== message) line.textContent = message
  }

  /** Material's own toast (the one that says 已复制), shown for two seconds; the footer line stays. */
  function announce(message) {
    if (!window.alert$) return
    if (toast) {
      // In and out at once, without Material's 0.4 s fade: half-faded text is unreadable, and
      // contrast checks that catch it mid-fade fail it.
      toast.style.transition = "none"
      setTimeout(() => toast.style.removeProperty("transition"), 3000)
    }
    window.alert$.next(message)
  }

  function show(next) {
    const becameReady = next.kind === "ready" && state.kind === "saving"
    state = next
    render()
    if (!becameReady) return
    announce(READY_TOAST)
    // Ask the browser not to evict the kept handbook when the phone runs short of space.
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {})
  }

  function onMessage(event) {
    const data = event.data || {}
    if (data.type === "progress" && state.kind !== "ready") show({ kind: "saving", done: data.done, total: data.total })
    if (data.type === "ready") show({ kind: "ready", label: data.label })
    if (data.type === "failed" && state.kind !== "ready") show({ kind: "failed" })
  }

  function follow(registration) {
    const watch = installing => {
      if (!installing) return
      if (!registration.active) show({ kind: "saving" })
      installing.addEventListener("statechange", () => {
        if (installing.state === "redundant" && !registration.active) show({ kind: "failed" })
      })
    }
    watch(registration.installing)
    registration.addEventListener("updatefound", () => watch(registration.installing))
    if (registration.active) registration.active.postMessage("status")  // answered with {type: "ready"}
  }

  async function register() {
    try {
      follow(await worker.register(new URL("sw.js", root).href, { scope: root.href }))
    } catch (error) {
      // Offline with nothing kept yet, or a server without sw.js: say so only if nothing is kept.
      if (!worker.controller) show({ kind: "failed" })
    }
  }

  window.addEventListener("online", render)
  window.addEventListener("offline", render)
  if (window.document$) window.document$.subscribe(render)
  else render()

  if (state.kind !== "checking") return
  worker.addEventListener("message", onMessage)
  worker.startMessages()
  // After the page has loaded, so keeping the handbook never slows down the page being read.
  if (document.readyState === "complete") register()
  else window.addEventListener("load", register, { once: true })
})()
