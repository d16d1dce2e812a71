/* Service worker: keeps every file of one build of the handbook so it reads the same offline.
 *
 * The build puts PRECACHE = {version, label, files: [[url, hash], ...]} above this code (see
 * offline.py) and serves the result as sw.js at the site root, so its scope is the whole site,
 * wherever the site is mounted.
 *
 * install   download every listed file into a cache named after this build; a file whose hash
 *           is the same as in the previous build's cache is copied from there, and a file already
 *           in this build's cache (an earlier attempt cut short by a lost connection) is kept, so
 *           an update or a retry downloads only what is missing. Any failure fails the install:
 *           a half-kept handbook is never reported ready, and the next page visit tries again.
 * activate  drop the caches of older builds and tell the open pages the handbook is ready.
 * fetch     cache first for GET requests inside the scope; the network only for what the build
 *           did not list. Nothing outside the scope or from another host is touched.
 */
"use strict"

const SCOPE = self.registration.scope
const PREFIX = `handbook-offline ${SCOPE} `  // one origin can host several handbooks
const CACHE = PREFIX + PRECACHE.version
const MANIFEST = new URL("__offline-manifest.json", SCOPE).href  // each cache's own list, stored in it
const PARALLEL = 4

const absolute = path => new URL(path, SCOPE).href

/** The cache key of a URL: no query or fragment, and .../index.html read as .../ */
function cacheKey(url) {
  const key = new URL(url)
  key.search = ""
  key.hash = ""
  key.pathname = key.pathname.replace(/\/index\.html$/, "/")
  return key.href
}

async function tell(message) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true })
  for (const page of pages) page.postMessage(message)
}

/** url -> {cache, hash} of the files kept by earlier builds of this handbook. */
async function previousFiles() {
  const found = new Map()
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue
    const cache = await caches.open(name)
    const stored = await cache.match(MANIFEST)
    if (!stored) continue
    for (const [path, hash] of (await stored.json()).files) found.set(absolute(path), { cache, hash })
  }
  return found
}

async function download(url, hash, previous) {
  const earlier = previous.get(url)
  if (earlier && earlier.hash === hash) {
    const kept = await earlier.cache.match(url)
    if (kept) return kept
  }
  // no-cache: ask the server even if the browser's HTTP cache holds an older copy of the file
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" })
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  // A redirected response cannot answer a page navigation; keep the body and headers only.
  return response.redirected ? new Response(await response.blob(), { headers: response.headers }) : response
}

async function precache() {
  const cache = await caches.open(CACHE)
  const previous = await previousFiles()
  const queue = PRECACHE.files.slice()
  const total = queue.length
  const step = Math.max(1, Math.ceil(total / 20))
  let done = 0
  let failure = null  // the first download that failed stops the others
  async function drain() {
    while (queue.length && !failure) {
      const [path, hash] = queue.shift()
      const url = absolute(path)
      try {
        if (!(await cache.match(url))) await cache.put(url, await download(url, hash, previous))
      } catch (error) {
        failure = failure || error
        return
      }
      done += 1
      if (!failure && (done % step === 0 || done === total)) await tell({ type: "progress", done, total })
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, drain))
  if (failure) throw failure
  await cache.put(MANIFEST, new Response(JSON.stringify(PRECACHE), { headers: { "Content-Type": "application/json" } }))
}

self.addEventListener("install", event => {
  event.waitUntil(precache().then(() => self.skipWaiting(), async error => {
    await tell({ type: "failed", reason: String(error) })
    throw error  // fails the install: this worker is dropped, the next visit starts a new one
  }))
})

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name)
    }
    await tell({ type: "ready", label: PRECACHE.label })
  })())
})

self.addEventListener("message", event => {
  if (event.data === "status" && event.source) event.source.postMessage({ type: "ready", label: PRECACHE.label })
})

async function respond(request) {
  const cache = await caches.open(CACHE)
  const kept = await cache.match(cacheKey(request.url))
  if (kept) return kept
  try {
    return await fetch(request)
  } catch (error) {
    // Offline and not kept (a mistyped address): the handbook's own "page not found".
    const notFound = request.mode === "navigate" && await cache.match(absolute("404.html"))
    if (notFound) return notFound
    throw error
  }
}

self.addEventListener("fetch", event => {
  const request = event.request
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return
  event.respondWith(respond(request))
})
