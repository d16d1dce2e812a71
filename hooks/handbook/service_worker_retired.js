/* sw.js as written by `mkdocs serve`: pages change on every save there, so none may come from a cache.
 * A browser that once kept a built handbook from this same address finds this worker on its next
 * visit; it deletes that handbook's caches, unregisters itself and reloads the open pages, which
 * then come from the live server.
 */
"use strict"

const PREFIX = `handbook-offline ${self.registration.scope} `

self.addEventListener("install", () => self.skipWaiting())

self.addEventListener("activate", event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX)) await caches.delete(name)
    }
    await self.registration.unregister()
    for (const page of await self.clients.matchAll({ type: "window" })) page.navigate(page.url)
  })())
})
