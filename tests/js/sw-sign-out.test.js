// The service worker's sign-out without signal (app/offline/sw.js): remembered in a cache of its
// own, sent as soon as there is signal (Background Sync, a page opened), and until then no page
// of the worker is shown. The real sw.js runs in a context of its own, with the placeholders
// filled in as app/offline/views.py does, over in-memory caches and a fetch the test answers.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const vm = require('node:vm');

const SOURCE = fs.readFileSync(path.join(__dirname, '..', '..', 'app', 'offline', 'sw.js'), 'utf8')
  .replace('__VERSION__', 'test')
  .replace('__PRECACHE__', '[]')
  .replace('__OFFLINE_URL__', '/offline')
  .replace('__SIGNED_OUT_URL__', '/afgemeld')
  .replace('__LOGOUT_URL__', '/logout')
  .replace('__HOME_URL__', '/vandaag');
const ORIGIN = 'https://stoep.test';

// Caches by name, each a Map from absolute URL to Response: what the Cache API keeps.
function cacheStorage(stores = new Map()) {
  const keyOf = (request) => new URL(typeof request === 'string' ? request : request.url, ORIGIN).href;
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const entries = stores.get(name);
    return {
      put: async (request, response) => { entries.set(keyOf(request), response); },
      match: async (request) => { const r = entries.get(keyOf(request)); return r && r.clone(); },
      delete: async (request) => entries.delete(keyOf(request)),
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      addAll: async () => {},
    };
  };
  return {
    stores,
    open: async (name) => store(name),
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
    match: async (request) => {
      for (const name of stores.keys()) {
        const found = await store(name).match(request);
        if (found) return found;
      }
      return undefined;
    },
  };
}

// One start of the service worker. `network(url, init)` answers fetch, or throws for no signal.
function start({ caches = cacheStorage(), network }) {
  const handlers = {};
  const tabs = [];
  const sent = [];
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type, handler) => { handlers[type] = handler; },
    skipWaiting: async () => {},
    clients: { claim: async () => {}, matchAll: async () => tabs },
  };
  const fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, ORIGIN);
    sent.push({ url: url.pathname, init });
    return network(url.pathname, init);
  };
  vm.runInContext(SOURCE, vm.createContext({
    self, caches, fetch, Response, Request, URL, Promise, Set, JSON, Date, setTimeout, Error,
  }), { filename: 'sw.js' });

  // Dispatch an event as the browser does; resolves with what waitUntil/respondWith settled on.
  const dispatch = (type, event) => {
    let waited = Promise.resolve();
    handlers[type]({
      ...event,
      waitUntil: (promise) => { waited = promise; },
      respondWith: (promise) => { waited = promise; },
    });
    return waited;
  };
  const message = (data) => {
    const replies = [];
    const source = { postMessage: (reply) => replies.push(reply) };
    return dispatch('message', { data, source }).then(() => replies.map(plain));
  };
  const tab = () => { const seen = []; tabs.push({ postMessage: (m) => seen.push(plain(m)) }); return seen; };
  return { caches, sent, dispatch, message, tab };
}

// Objects made inside the worker's context have that context's prototypes: compare their data.
const plain = (value) => JSON.parse(JSON.stringify(value));

const noSignal = async () => { throw new TypeError('Failed to fetch'); };
const ok = async () => new Response('', { status: 200 });

test('a sign-out without signal is remembered, pages go, and Background Sync sends it later', async () => {
  let online = false;
  const worker = start({ network: (url, init) => (online ? ok(url, init) : noSignal()) });
  const tab = worker.tab();
  await worker.caches.open('stoep-pages-v1').then((c) => c.put('/routes/7', new Response('route')));

  assert.deepEqual(await worker.message({ type: 'sign-out', token: 'csrf-1' }),
    [{ type: 'sign-out', done: false }]);
  assert.ok(!worker.caches.stores.has('stoep-pages-v1'), "the worker's pages are gone at once");
  assert.ok(worker.caches.stores.has('stoep-sign-out'), 'the pending sign-out is kept');
  assert.deepEqual(tab, [{ type: 'signed-out' }]);

  // Still no signal: the sync fails, so the browser tries again later.
  await assert.rejects(worker.dispatch('sync', { tag: 'stoep-sign-out' }), /no signal yet/);

  online = true;
  await worker.dispatch('sync', { tag: 'stoep-sign-out' });
  const logout = worker.sent.filter((r) => r.url === '/logout').at(-1);
  assert.equal(logout.init.method, 'POST');
  assert.equal(logout.init.headers['X-CSRFToken'], 'csrf-1');
  assert.ok(!worker.caches.stores.has('stoep-sign-out'), 'once the server knows, nothing is pending');
  assert.deepEqual(tab.at(-1), { type: 'sign-out', done: true });
});

test('after a restart the pending sign-out still holds: a page asked for gets the signed-out page', async () => {
  const caches = cacheStorage();
  const first = start({ caches, network: noSignal });
  await first.message({ type: 'sign-out', token: 'csrf-1' });
  await caches.open('stoep-static-test').then((c) => c.put('/afgemeld', new Response('afgemeld')));

  const again = start({ caches, network: noSignal });  // the browser started the worker anew
  const response = await again.dispatch('fetch', {
    request: new Request(ORIGIN + '/vandaag', { mode: 'same-origin' }),
  });
  assert.equal(response.type, 'error', 'no page of the worker while the sign-out waits');
  const page = await again.dispatch('fetch', { request: { url: ORIGIN + '/vandaag', method: 'GET', mode: 'navigate' } });
  assert.equal(await page.text(), 'afgemeld');
});

test("a token the session no longer accepts is replaced by the session's own", async () => {
  const worker = start({
    network: async (url, init) => {
      if (url === '/vandaag') return new Response('<meta name="csrf-token" content="fresh">');
      return new Response('', { status: init.headers['X-CSRFToken'] === 'fresh' ? 200 : 400 });
    },
  });
  assert.deepEqual(await worker.message({ type: 'sign-out', token: 'stale' }),
    [{ type: 'sign-out', done: true }]);
  const tokens = worker.sent.filter((r) => r.url === '/logout').map((r) => r.init.headers['X-CSRFToken']);
  assert.deepEqual(tokens, ['stale', 'fresh']);
});

// Not about signing out, but the same worker: the copy of a page kept for offline use.
test('a page is kept for offline use without its one-time messages', async () => {
  let online = true;
  const html = '<main><div class="flashes" role="status">\n<p class="flash">Niet thuis ongedaan'
    + ' gemaakt</p>\n</div>\n<ol class="stops"></ol></main>';
  const page = () => {
    const response = new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    Object.defineProperty(response, 'type', { value: 'basic' });  // same-origin, as in a browser
    return response;
  };
  const worker = start({ network: async () => (online ? page() : noSignal()) });
  const navigate = { url: ORIGIN + '/routes/7', method: 'GET', mode: 'navigate' };

  const shown = await worker.dispatch('fetch', { request: navigate });
  assert.match(await shown.text(), /Niet thuis ongedaan gemaakt/, 'shown once, as the server sent it');
  online = false;
  const reloaded = await worker.dispatch('fetch', { request: navigate });
  const text = await reloaded.text();
  assert.doesNotMatch(text, /flashes|ongedaan/, 'an offline reload does not say it again');
  assert.match(text, /<ol class="stops"><\/ol>/, 'the rest of the page is kept');
  assert.equal(reloaded.headers.get('Content-Type'), 'text/html; charset=utf-8');
});
