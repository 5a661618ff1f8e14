/* Stoepbezoek's service worker: keeps today's field pages and the field API's answers on the
 * phone, so a worker in a stairwell can still open a route and log visits.
 *
 * Served at /sw.js by app/offline/views.py, which fills in the version, the files to precache
 * and the offline page. Visits themselves never pass through here: the page keeps them in
 * IndexedDB (field-queue.js) and POSTs are never cached.
 */
'use strict';

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const OFFLINE_URL = '__OFFLINE_URL__';
const STATIC_CACHE = 'stoep-static-' + VERSION;
// Pages outlive a version on purpose: an update must not throw away today's route. They hold
// the signed-in worker's data, so the page empties this cache on sign-out (field-client.js).
const PAGES_CACHE = 'stoep-pages-v1';
const PAGE = /^\/(vandaag|routes\/\d+|stops\/\d+\/contact)$/;
const API = /^\/api\/v1\/(meta|routes)$/;
// Poor signal: after this long, a kept copy is better than a spinner.
const SLOW_NETWORK_MS = 4000;
// Warming fetches every stop's page; once in a while is enough, the pages refresh as they are used.
const WARM_EVERY_MS = 2 * 60 * 1000;

self.addEventListener('install', (event) => {
  // skipWaiting: the queue lives in IndexedDB, not here, so a new worker can take over at once.
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith('stoep-') && name !== STATIC_CACHE && name !== PAGES_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (PAGE.test(url.pathname) || API.test(url.pathname)) {
    event.respondWith(networkFirst(request, cacheKey(url)));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staleWhileRevalidate(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'refresh') {
    event.waitUntil(warm(event.data.force).then((ok) => {
      if (event.source) event.source.postMessage({ type: 'warmed', ok, version: VERSION });
    }));
  } else if (event.data && event.data.type === 'settle' && event.source) {
    // Sign-out waits for this: a page answered after it would set the session cookie again.
    event.waitUntil((warming || Promise.resolve()).then(() => event.source.postMessage({ type: 'settled' })));
  } else if (event.data && event.data.type === 'version' && event.source) {
    event.source.postMessage({ type: 'version', version: VERSION });
  }
});

// A page is kept once, whatever query it was asked with (?fix=… on the contact form).
function cacheKey(url) {
  return PAGE.test(url.pathname) ? url.origin + url.pathname : url.href;
}

// Only a plain answer for this user: not a redirect to the sign-in page, not an error.
function keepable(response) {
  return response.ok && !response.redirected && response.type === 'basic';
}

async function remember(cache, key, response) {
  if (keepable(response)) await cache.put(key, response.clone());
  // A route that is no longer ours must not stay readable offline.
  else if (response.status === 403 || response.status === 404) await cache.delete(key);
  return response;
}

async function networkFirst(request, key) {
  const cache = await caches.open(PAGES_CACHE);
  const network = fetch(request).then((response) => remember(cache, key, response));
  network.catch(() => {});  // answered from the cache below; nothing to report
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_NETWORK_MS, 'slow'));
  const first = await Promise.race([network, slow]).catch(() => 'failed');
  if (first instanceof Response) return first;
  const kept = await cache.match(key, { ignoreVary: true });
  if (kept) return kept;
  if (first === 'slow') return network.catch(() => fallback(request));
  return fallback(request);
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  const network = fetch(request).then((response) => {
    if (keepable(response)) cache.put(request, response.clone());
    return response;
  });
  if (!kept) return network;
  network.catch(() => {});
  return kept;
}

function fallback(request) {
  return request.mode === 'navigate' ? offlinePage() : Response.error();
}

async function offlinePage() {
  const page = await caches.match(OFFLINE_URL);
  return page || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
}

// Warming: fetch today's routes, then keep each route's page and each stop's contact form, and
// forget the pages of routes that are no longer today's.
let warming = null;
let warmedAt = 0;

function warm(force) {
  if (!force && Date.now() - warmedAt < WARM_EVERY_MS) return Promise.resolve(true);
  if (!warming) {
    warming = warmAll()
      .then((ok) => { if (ok) warmedAt = Date.now(); return ok; })
      .catch(() => false)
      .finally(() => { warming = null; });
  }
  return warming;
}

async function warmAll() {
  const cache = await caches.open(PAGES_CACHE);
  const origin = self.location.origin;
  const get = async (path) => remember(cache, cacheKey(new URL(path, origin)), await fetch(path, { credentials: 'same-origin' }));
  const [routesResponse] = await Promise.all([get('/api/v1/routes'), get('/api/v1/meta'), get('/vandaag')]);
  if (!keepable(routesResponse)) return false;
  const { routes } = await routesResponse.clone().json();
  const wanted = new Set([origin + '/vandaag']);
  for (const route of routes) {
    wanted.add(origin + '/routes/' + route.id);
    route.stops.forEach((stop) => wanted.add(origin + '/stops/' + stop.id + '/contact'));
  }
  const pages = [...wanted].filter((key) => !key.endsWith('/vandaag'));
  const answers = await Promise.all(pages.map((key) => get(key).then(keepable, () => false)));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (PAGE.test(path) && !wanted.has(request.url)) await cache.delete(request);
  }
  return answers.every(Boolean);
}
