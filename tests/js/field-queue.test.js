// The phone's queue of visits (app/static/js/field-queue.js) on fake-indexeddb: the script runs as
// the browser runs it, a classic script that sets window.StoepQueue, in a context of its own.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const vm = require('node:vm');
const { IDBFactory } = require('fake-indexeddb');

const SOURCE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'app', 'static', 'js', 'field-queue.js'), 'utf8');

// A fresh queue on its own database. `timers` collects what the script hands to setTimeout, so a
// test can fire them when it chooses: no test waits for real time.
function load({ indexedDB = new IDBFactory() } = {}) {
  const timers = [];
  const window = {};
  const context = vm.createContext({
    window,
    indexedDB,
    setTimeout: (callback) => { timers.push(callback); return timers.length; },
    Error,
    Promise,
  });
  vm.runInContext(SOURCE, context, { filename: 'field-queue.js' });
  return { queue: window.StoepQueue, indexedDB, timers };
}

function entry(id, user, created, extra = {}) {
  return { id, user, created, state: 'pending', payload: { id, outcome: 'not_home' }, ...extra };
}

test('a stored visit can be read back, and is gone once removed', async () => {
  const { queue } = load();
  await queue.put(entry('a1', 'worker-key', 1));
  const stored = await queue.get('a1');
  assert.equal(stored.user, 'worker-key');
  assert.deepEqual({ ...stored.payload }, { id: 'a1', outcome: 'not_home' });
  await queue.remove('a1');
  assert.equal(await queue.get('a1'), undefined);
});

test('put with the same visit id replaces the entry: one visit, not two', async () => {
  const { queue } = load();
  await queue.put(entry('a1', 'worker-key', 1));
  await queue.put(entry('a1', 'worker-key', 1, { state: 'rejected', reason: 'invalid' }));
  const listed = await queue.list('worker-key');
  assert.equal(listed.length, 1);
  assert.equal(listed[0].state, 'rejected');
});

test("list gives only the given worker's visits, oldest first", async () => {
  const { queue } = load();
  // Ids in the other order than time, as random UUIDs are: the order must come from `created`.
  await queue.put(entry('a-later', 'worker-a', 30));
  await queue.put(entry('other', 'worker-b', 10));
  await queue.put(entry('b-earlier', 'worker-a', 20));
  const mine = await queue.list('worker-a');
  assert.deepEqual(mine.map((e) => e.id), ['b-earlier', 'a-later']);
  assert.deepEqual((await queue.list('worker-b')).map((e) => e.id), ['other']);
  assert.deepEqual(await queue.list('nobody'), []);
});

test('the queue survives a page load: a second script on the same database sees the visits', async () => {
  const indexedDB = new IDBFactory();
  await load({ indexedDB }).queue.put(entry('kept', 'worker-key', 1));
  const { queue } = load({ indexedDB });
  assert.equal((await queue.get('kept')).id, 'kept');
});

test('a connection closed under the page is opened again, once, and the write still lands', async () => {
  const { queue } = load();
  const db = await queue.ready();
  db.close();  // as another tab's upgrade or the browser would: the next transaction throws
  await queue.put(entry('after-close', 'worker-key', 1));
  assert.equal((await queue.get('after-close')).id, 'after-close');
});

// The timeout only turns a regression (the deletion waiting for ever) into a failure.
test('another tab deleting the database is not blocked by this page, which then starts afresh', { timeout: 10000 }, async () => {
  const { queue, indexedDB } = load();
  await queue.put(entry('before', 'worker-key', 1));
  // Another tab deletes the database: this connection gets versionchange and must let go, or
  // the deletion would wait for as long as this page is open.
  await new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('stoepbezoek');
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked by the open page'));
  });
  await queue.put(entry('after', 'worker-key', 2));
  assert.deepEqual((await queue.list('worker-key')).map((e) => e.id), ['after']);
});

test('where IndexedDB is switched off the queue rejects, so the client sends straight away', async () => {
  const { queue } = load({ indexedDB: { open() { throw new Error('SecurityError'); } } });
  await assert.rejects(queue.ready(), /SecurityError/);
  await assert.rejects(queue.put(entry('x', 'worker-key', 1)), /SecurityError/);
});

test('an open that never answers counts as no store, and the next call tries again', async () => {
  let opens = 0;
  const silent = { open() { opens += 1; return {}; } };  // no success, no error, ever
  const { queue, timers } = load({ indexedDB: silent });
  const first = queue.ready();
  assert.equal(timers.length, 1);
  timers[0]();  // the open timeout fires
  await assert.rejects(first, /timeout/);
  const second = queue.ready();
  assert.equal(opens, 2, 'a failed open is forgotten, not kept as the answer');
  timers[1]();
  await assert.rejects(second, /timeout/);
});
