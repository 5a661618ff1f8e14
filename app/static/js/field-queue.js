/* The phone's queue of visits that are not sent yet: one IndexedDB store keyed by the visit's
 * UUID. Each entry carries the key of the worker who logged it ({id, user, created, payload,
 * state, errors, address, contact_url}); only that worker's pages list or send it. */
(function () {
  'use strict';
  var NAME = 'stoepbezoek';
  var STORE = 'visits';

  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  var opened = null;
  function open() {
    if (!opened) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: 'id' }).createIndex('user', 'user');
      };
      opened = done(request);
      opened.catch(function () { opened = null; });
    }
    return opened;
  }

  // One transaction per call; resolves when it is committed, so a "stored" entry is on disk.
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && 'result' in result ? result.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
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
