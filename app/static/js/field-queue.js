/* The phone's queue of visits that are not sent yet: one IndexedDB store keyed by the visit's
 * UUID. Each entry carries the key of the worker who logged it ({id, user, created, payload,
 * state, errors, reason, address, contact_url}); only that worker's pages list or send it.
 *
 * A connection closed under the page (another tab upgrading, the browser reclaiming it, a
 * script) is opened again once; a store that cannot be opened at all rejects, and the client
 * then sends each visit straight away (field-client.js). */
(function () {
  'use strict';
  var NAME = 'stoepbezoek';
  var STORE = 'visits';
  var OPEN_TIMEOUT_MS = 3000;  // an open that never answers is as good as no store

  var opened = null;
  function open() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(NAME, 1);  // throws where IndexedDB is switched off
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: 'id' }).createIndex('user', 'user');
        };
        request.onsuccess = function () { watch(request.result); resolve(request.result); };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error('blocked')); };
        setTimeout(function () { reject(new Error('timeout')); }, OPEN_TIMEOUT_MS);
      });
      opened.catch(forget);
    }
    return opened;
  }

  function forget() { opened = null; }

  function watch(db) {
    db.onversionchange = function () { db.close(); forget(); };
    db.onclose = forget;  // closed by the browser
  }

  // One transaction per call; resolves when it is committed, so a "stored" entry is on disk.
  function run(mode, work, retried) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);  // throws InvalidStateError once db is closed
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && 'result' in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    }).catch(function (error) {
      if (retried || !error || error.name !== 'InvalidStateError') throw error;
      forget();  // the connection went away under us: open it again, once
      return run(mode, work, true);
    });
  }

  window.StoepQueue = {
    ready: open,
    put: function (entry) { return run('readwrite', function (s) { return s.put(entry); }); },
    remove: function (id) { return run('readwrite', function (s) { return s.delete(id); }); },
    get: function (id) { return run('readonly', function (s) { return s.get(id); }); },
    // Oldest first, so a stop's later visit is sent after its earlier one.
    list: function (user) {
      return run('readonly', function (s) { return s.index('user').getAll(user); })
        .then(function (entries) {
          return entries.sort(function (a, b) { return a.created - b.created; });
        });
    },
  };
})();
