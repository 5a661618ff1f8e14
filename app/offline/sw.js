/* Stoepbezoek's service worker: keeps today's field pages and the field API's answers on the
 * phone, so a worker in a stairwell can still open a route and log visits.
 *
 * Served at /sw.js by app/offline/views.py, which fills in the version, the files to precache
 * and the pages' addresses. Visits themselves never pass through here: the page keeps them in
 * IndexedDB (field-queue.js) and POSTs are never cached.
 *
 * Signing out without signal: the page empties the kept pages and hands the sign-out to this
 * worker, which remembers it (in a cache of its own, so it outlives a restart) and sends
 * POST /logout as soon as it can: right away, when Background Sync says there is signal, when
 * the signed-out page asks, and before any page is opened. Until then no page of the app is
 * shown or kept: a navigation gets the signed-out page.
 */
'use strict';

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const OFFLINE_URL = '__OFFLINE_URL__';
const SIGNED_OUT_URL = '__SIGNED_OUT_URL__';
const LOGOUT_URL = '__LOGOUT_URL__';
const HOME_URL = '__HOME_URL__';  // a page that carries a CSRF token and no addresses
const STATIC_CACHE = 'stoep-static-' + VERSION;
// Pages outlive a version on purpose: an update must not throw away today's route. They hold
// the signed-in worker's data, so the page empties this cache on sign-out (field-client.js).
const PAGES_CACHE = 'stoep-pages-v1';
// A sign-out the server has not heard of yet: {token}.
const SIGN_OUT_CACHE = 'stoep-sign-out';
const SIGN_OUT_KEY = '/sign-out-pending';
const PAGE = /^\/(vandaag|routes\/\d+|stops\/\d+\/contact)$/;
const API = /^\/api\/v1\/(meta|routes)$/;
// Poor signal: after this long, a kept copy is better than a spinner.
const SLOW_NETWORK_MS = 4000;
// Warming fetches every stop's page; once in a while is enough, the pages refresh as they are used.
const WARM_EVERY_MS = 2 * 60 * 1000;
// How far ahead the worker's routes are kept (app/field/views.py UPCOMING_DAYS says the same).
const UPCOMING_DAYS = 7;

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
        .filter((name) => name.startsWith('stoep-') && ![STATIC_CACHE, PAGES_CACHE, SIGN_OUT_CACHE].includes(name))
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' || PAGE.test(url.pathname) || API.test(url.pathname)) {
    // Pages and route data: never while a sign-out waits for the server.
    event.respondWith(signingOut.then((pending) => (pending ? whileSigningOut(request) : answer(request, url))));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staleWhileRevalidate(request));
  }
});

function answer(request, url) {
  if (PAGE.test(url.pathname) || API.test(url.pathname)) return networkFirst(request, cacheKey(url));
  return fetch(request).catch(offlinePage);  // any other page
}

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
  } else if (event.data && event.data.type === 'sign-out') {
    event.waitUntil(startSignOut(event.data.token).then((done) => reply(event, { type: 'sign-out', done })));
  } else if (event.data && event.data.type === 'finish-sign-out') {
    event.waitUntil(finishSignOut().then((done) => reply(event, { type: 'sign-out', done })));
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'stoep-sign-out') return;
  // Rejected: the browser tries again later.
  event.waitUntil(finishSignOut().then((done) => { if (!done) throw new Error('no signal yet'); }));
});

function reply(event, message) {
  if (event.source) event.source.postMessage(message);
}

// A page is kept once, whatever query it was asked with (?fix=… on the contact form).
function cacheKey(url) {
  return PAGE.test(url.pathname) ? url.origin + url.pathname : url.href;
}

// Only a plain answer for this user: not a redirect to the sign-in page, not an error.
function keepable(response) {
  return response.ok && !response.redirected && response.type === 'basic';
}

// A message shown once ("Niet thuis ongedaan gemaakt", templates/_partials/flash.html) is not
// part of the page: the copy kept for offline use leaves it out, or every offline reload would
// say it again.
const FLASHES = /<div class="flashes"[^>]*>[\s\S]*?<\/div>\s*/;

async function withoutFlashes(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.startsWith('text/html')) return response.clone();
  const html = await response.clone().text();
  if (!FLASHES.test(html)) return response.clone();
  const { status, statusText, headers } = response;
  return new Response(html.replace(FLASHES, ''), { status, statusText, headers });
}

async function remember(cache, key, response) {
  if (await signingOut) return response;  // signed out meanwhile: keep nothing more
  if (keepable(response)) await cache.put(key, await withoutFlashes(response));
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
  if (pendingKnown) return Promise.resolve(false);
  if (!warming) {
    warming = warmAll()
      .then((ok) => { if (ok) warmedAt = Date.now(); return ok; })
      .catch(() => false)
      .finally(() => { warming = null; });
  }
  return warming;
}

// The next `n` days after today on the phone's calendar, as YYYY-MM-DD.
function comingDays(n) {
  const days = [];
  for (let ahead = 1; ahead <= n; ahead += 1) {
    const day = new Date();
    day.setDate(day.getDate() + ahead);
    const pad = (x) => String(x).padStart(2, '0');
    days.push(day.getFullYear() + '-' + pad(day.getMonth() + 1) + '-' + pad(day.getDate()));
  }
  return days;
}

async function warmAll() {
  const cache = await caches.open(PAGES_CACHE);
  const origin = self.location.origin;
  const get = async (path) => remember(cache, cacheKey(new URL(path, origin)), await fetch(path, { credentials: 'same-origin' }));
  const [routesResponse] = await Promise.all([get('/api/v1/routes'), get('/api/v1/meta'), get('/vandaag')]);
  if (!keepable(routesResponse)) return false;
  const { routes } = await routesResponse.clone().json();
  // The coming week's routes too (/vandaag lists them): loaded on Wi-Fi, walked without signal.
  for (const day of comingDays(UPCOMING_DAYS)) {
    const response = await fetch('/api/v1/routes?date=' + day, { credentials: 'same-origin' }).catch(() => null);
    if (response && keepable(response)) routes.push(...(await response.json()).routes);
  }
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

// ---- signing out ----------------------------------------------------------------------------

// Resolves to the pending sign-out ({token}) or null; read once per start of this worker.
let pendingKnown = null;
let signingOut = readPending();
let finishing = null;

function readPending() {
  return caches.open(SIGN_OUT_CACHE)
    .then((cache) => cache.match(SIGN_OUT_KEY))
    .then((kept) => (kept ? kept.json() : null))
    .catch(() => null)
    .then((pending) => { pendingKnown = !!pending; return pending; });
}

async function startSignOut(token) {
  const cache = await caches.open(SIGN_OUT_CACHE);
  await cache.put(SIGN_OUT_KEY, new Response(JSON.stringify({ token })));
  signingOut = Promise.resolve({ token });
  pendingKnown = true;
  warmedAt = 0;
  await caches.delete(PAGES_CACHE);
  // Every tab of the app leaves its page: no address stays on a screen.
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  tabs.forEach((tab) => tab.postMessage({ type: 'signed-out' }));
  return finishSignOut();
}

// Tell the server; true once it knows (or has no session for us any more), false without signal.
function finishSignOut() {
  if (!finishing) {
    finishing = tellServer().finally(() => { finishing = null; });
  }
  return finishing;
}

async function tellServer() {
  const pending = await signingOut;
  if (!pending) return true;
  try {
    let response = await postLogout(pending.token);
    if (response.status === 400) {
      // The token no longer fits the session: take the session's own, if it still has one.
      const token = await sessionToken();
      response = token ? await postLogout(token) : null;
    }
    if (response && !response.ok && response.type !== 'opaqueredirect') return false;
  } catch (e) {
    return false;  // no signal yet
  }
  await caches.delete(SIGN_OUT_CACHE);
  await caches.delete(PAGES_CACHE);  // anything kept while it was under way
  signingOut = Promise.resolve(null);
  pendingKnown = false;
  // Whoever got it through (Background Sync, a page opened), the signed-out page says so.
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  tabs.forEach((tab) => tab.postMessage({ type: 'sign-out', done: true }));
  return true;
}

function postLogout(token) {
  return fetch(LOGOUT_URL, {
    method: 'POST',
    credentials: 'same-origin',
    redirect: 'manual',
    headers: { 'X-CSRFToken': token, Accept: 'application/json' },
  });
}

// The CSRF token of the session the phone still has; null when it has none (sent to sign in).
async function sessionToken() {
  const response = await fetch(HOME_URL, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
  if (!response.ok) return null;
  const found = /<meta name="csrf-token" content="([^"]+)"/.exec(await response.text());
  return found ? found[1] : null;
}

// A page asked for while the sign-out waits: first the server is told; without signal the
// signed-out page (kept), never a kept page of the worker.
async function whileSigningOut(request) {
  if (await finishSignOut()) return fetch(request);
  if (request.mode === 'navigate') {
    const page = await caches.match(SIGNED_OUT_URL);
    return page || offlinePage();
  }
  return Response.error();
}
