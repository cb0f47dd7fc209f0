// Service worker for the judges' tablets (docs/decisions/015-offline-judge-tablet.md). Small on
// purpose, no build step, registered by the marking page with scope / (a judge reaches the page
// from /judging, and only pages loaded inside the scope are controlled); it touches only:
// - the marking page (/judging/:c/:s/mark[/:code]) and its single-fetch data (.data): network
//   first; a good answer is kept; without network the kept copy of exactly that URL is served
//   (Remix reloads a page whose HTML was made for another URL, so never another page's copy);
// - the hashed build assets (/assets/*): cache first, they never change under a name;
// - everything else goes to the network untouched.
// Marks themselves never go through here: the page queues them in IndexedDB and posts them to
// /api/v1 when it can. The cache names match app/components/judge-tablet/offline-shell.ts.
const PAGES = "gj-tablet-pages-v1";
const ASSETS = "gj-tablet-assets-v1";
const markingPage = /^\/judging\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/mark(\/[^/]+)?(\.data)?$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("gj-tablet-") && name !== PAGES && name !== ASSETS) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    if (request.mode === "navigate") {
      return new Response('<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>离线 Offline</title><p>离线：此页面尚未保存在本平板上。Offline: this page is not kept on this tablet yet.</p><p><a href="javascript:history.back()">返回 Back</a></p>', { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(cacheFirst(request));
  else if (markingPage.test(url.pathname)) event.respondWith(networkFirst(request));
});
