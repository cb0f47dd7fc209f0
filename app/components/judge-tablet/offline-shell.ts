// Keeps the judge's marking page usable after a reload without network (decision 015):
// registers the service worker (public/sw.js) for the whole site (a judge arrives from /judging, outside a /judging/ scope, and a page is controlled only if it was loaded inside the scope) and, while online, puts the page
// just shown and the scripts and styles it runs on into the caches the worker answers from. The
// page's HTML carries its loader data (the scheme, the competitor codes, the judge's marks as
// last seen), so the cached copy is enough to mark; marks entered offline live in IndexedDB.
// The cache names must match public/sw.js.
export const pageCache = "gj-tablet-pages-v1";
export const assetCache = "gj-tablet-assets-v1";

export function registerTabletWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Without a worker the page still works online, and marks still queue in IndexedDB.
  });
}

/** Caches this page's document (fetched afresh, with the session cookie) and every asset it loaded. */
export async function warmOfflineCopy(pageUrl: string): Promise<void> {
  if (!("caches" in window) || !navigator.onLine) return;
  try {
    const assets = new Set<string>();
    for (const entry of performance.getEntriesByType("resource")) {
      const url = new URL(entry.name);
      if (url.origin === location.origin && url.pathname.startsWith("/assets/")) assets.add(url.pathname);
    }
    document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=modulepreload], link[rel=stylesheet]").forEach((el) => {
      const href = "src" in el ? el.src : el.href;
      const url = new URL(href, location.href);
      if (url.origin === location.origin && url.pathname.startsWith("/assets/")) assets.add(url.pathname);
    });
    const assetStore = await caches.open(assetCache);
    const missing: string[] = [];
    for (const a of assets) if (!(await assetStore.match(a))) missing.push(a);
    await assetStore.addAll(missing);
    const page = await fetch(pageUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (page.ok && !page.redirected) await (await caches.open(pageCache)).put(pageUrl, page);
  } catch {
    // Offline again or out of quota: the next page shown tries again.
  }
}
