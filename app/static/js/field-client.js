/* The offline field client: every visit logged on a field page goes into the phone's queue
 * (field-queue.js) first and is sent to POST /api/v1/visits when there is signal.
 *
 * Progressive enhancement: without this script (or without IndexedDB) the same forms post
 * to the server as before. Every sentence shown comes from the page
 * (<meta name="stoep-field-client">), so the server translates it. The worker's key
 * (<meta name="stoep-user">) tags each queued visit: a visit is only ever listed and sent
 * on a page of the worker who logged it.
 */
(function () {
  'use strict';
  var user = meta('stoep-user');
  var Q = window.StoepQueue;
  var BATCH = 50;               // the API takes 100; smaller batches answer sooner on bad signal
  var EVERY_MS = 30 * 1000;

  if (!user) {
    // Signed out (this is the sign-in page): the last worker's pages must not stay on the phone.
    forgetPages();
    return;
  }
  if (!Q || !('indexedDB' in window)) return;

  var config = JSON.parse(meta('stoep-field-client'));
  var S = config.strings;
  var token = meta('csrf-token');
  var problem = null;           // why the last attempt to send failed: a key of S
  var syncing = false;
  var running = Promise.resolve();  // the send under way, if any
  var again = false;
  var fixing = null;            // the rejected visit the contact form is correcting
  var lastButton = null;
  var channel = 'BroadcastChannel' in window ? new BroadcastChannel('stoep-queue') : null;

  Q.ready().then(start, function () { /* no IndexedDB here: the plain forms do the work */ });

  function start() {
    if (localStorage.getItem('stoep-user') !== user) {
      // Someone else was signed in on this phone: their pages go, whatever happened before.
      forgetPages();
      localStorage.setItem('stoep-user', user);
    }
    document.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('button');
      if (button) lastButton = button;  // for browsers without SubmitEvent.submitter
    }, true);
    document.addEventListener('submit', onSubmit);
    var now = document.getElementById('sync-now');
    if (now) now.addEventListener('click', sync);
    window.addEventListener('online', function () { sync(); refresh(true); });
    window.addEventListener('offline', function () { problem = 'offline'; render(); });
    if (channel) channel.onmessage = render;  // another tab changed the queue
    setInterval(sync, EVERY_MS);
    registerWorker();
    fixMode().then(render).then(sync);
  }

  // ---- logging: forms become queue entries ----------------------------------------------

  function onSubmit(event) {
    var form = event.target;
    var submitter = event.submitter || lastButton;
    var job;
    if (form.dataset.plain) return;
    if (form.matches('form.stop-actions')) job = function () { return tap(form, submitter ? submitter.value : 'not_home'); };
    else if (form.id === 'bulk') job = function () { return bulk(form); };
    else if (form.matches('form.contact-form')) job = function () { return contact(form); };
    else if (form.matches('form.logout-form')) job = function () { return signOut(form); };
    else return;
    event.preventDefault();
    job().catch(function () {
      // The phone could not store it (disk full, private mode): post the form rather than lose it.
      form.dataset.plain = '1';
      if (submitter && form.contains(submitter)) submitter.click(); else form.submit();
    });
  }

  function tap(form, choice) {
    var flyer = choice === 'not_home_flyer' || (choice === 'not_home' && form.dataset.flyer === 'true');
    var outcome = choice.indexOf('not_home') === 0 ? 'not_home' : choice;
    return enqueue([entryFor(form, { outcome: outcome, flyer_left: flyer })], true);
  }

  function bulk(form) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="visit"][form="bulk"]:checked'));
    if (!boxes.length) { announce(S.pick_first, 'error'); return Promise.resolve(); }
    var entries = boxes.map(function (box) {
      box.checked = false;
      var stop = document.querySelector('form.stop-actions[data-stop="' + box.value.split(':')[0] + '"]');
      return entryFor(stop, { outcome: 'not_home', flyer_left: form.dataset.flyer === 'true' });
    });
    return enqueue(entries, true);
  }

  function contact(form) {
    if (!form.checkValidity()) { form.reportValidity(); return Promise.resolve(); }
    var data = new FormData(form);
    var packages = [];
    form.querySelectorAll('input[type=checkbox][name^="package_"]').forEach(function (box) {
      var id = Number(box.name.slice('package_'.length));
      if (box.checked) packages.push({ package_type_id: id, quantity: Number(data.get('quantity_' + id)) || 1 });
    });
    var kind = data.get('follow_up_kind');
    var fields = {
      outcome: 'contact', flyer_left: data.has('flyer_left'), packages: packages,
      interests: data.getAll('interests'), info_given: data.getAll('info_given'),
      follow_up: kind ? { kind: kind, note: data.get('follow_up_note') || '' } : null,
      notes: data.get('notes') || '', language_used: data.get('language_used') || '',
      consent: data.has('consent'),
    };
    // The server's rule, checked here too: offline nobody else can tell the worker at the door.
    if ((fields.interests.length || kind || fields.notes.trim()) && !fields.consent) {
      var consent = form.querySelector('[name="consent"]');
      var error = document.getElementById('consent-error') || document.createElement('p');
      error.id = 'consent-error';
      error.className = 'error';
      error.textContent = S.consent_needed;
      consent.closest('.field').append(error);
      consent.setAttribute('aria-describedby', error.id);
      consent.focus();
      return Promise.resolve();
    }
    var entry = entryFor(form, fields);
    if (fixing) {  // the same visit, corrected: same id and the time it really happened
      entry.id = entry.payload.id = fixing.id;
      entry.payload.occurred_at = fixing.payload.occurred_at;
    }
    // Sent from the route page we go back to; a send started here would die with this page.
    return enqueue([entry], false).then(function () { location.assign(form.dataset.return); });
  }

  // The form's server-made visit_id is not used: a kept (offline) page repeats it on every
  // load, and a second visit with the same id would be taken for the first one.
  function entryFor(holder, fields) {
    var id = newId();
    var payload = {
      id: id, stop_id: Number(holder.dataset.stop), occurred_at: isoNow(), outcome: 'not_home',
      flyer_left: false, packages: [], interests: [], info_given: [], follow_up: null,
      notes: '', language_used: '', consent: null,
    };
    Object.keys(fields).forEach(function (key) { payload[key] = fields[key]; });
    return {
      id: id, user: user, created: Date.now(), state: 'queued', errors: {}, payload: payload,
      address: holder.dataset.address, contact_url: holder.dataset.contact || location.pathname,
    };
  }

  function enqueue(entries, send) {
    // Each entry is on disk before the page shows it as logged.
    return entries.reduce(function (chain, entry) {
      return chain.then(function () { return Q.put(entry); });
    }, Promise.resolve()).then(function () {
      changed();
      if (send) sync();
    });
  }

  function signOut(form) {
    return Q.list(user).then(function (entries) {
      // They stay on the phone either way; the worker just has to know.
      if (entries.length && !window.confirm(fill(S.signout_warning, { n: entries.length }))) return;
      return quiet().then(function () {
        form.dataset.plain = '1';
        form.submit();
      });
    });
  }

  // Answers still under way (a send, the service worker's warming) would bring the session
  // cookie back after the sign-out cleared it: wait for them, but never for long.
  function quiet() {
    var waits = [running];
    if ('serviceWorker' in navigator) {
      waits.push(navigator.serviceWorker.getRegistration().then(function (registration) {
        if (!registration || !registration.active) return;
        return new Promise(function (resolve) {
          navigator.serviceWorker.addEventListener('message', function (event) {
            if (event.data && event.data.type === 'settled') resolve();
          });
          registration.active.postMessage({ type: 'settle' });
          setTimeout(resolve, 5000);
        });
      }));
    }
    return Promise.all(waits).catch(function () {});
  }

  // ---- sending ----------------------------------------------------------------------------

  function sync() {
    if (syncing) { again = true; return Promise.resolve(); }
    syncing = true;
    // One tab sends at a time; the server would answer "duplicate" anyway, this saves the trip.
    var send = navigator.locks ? navigator.locks.request('stoep-sync-' + user, sendAll) : sendAll();
    running = send.catch(function () { problem = 'server'; }).then(function () {
      syncing = false;
      render();
      if (again) { again = false; return sync(); }
    });
    return running;
  }

  async function sendAll() {
    var queued = (await Q.list(user)).filter(function (e) { return e.state === 'queued'; });
    var stored = [];
    if (!queued.length) problem = null;
    for (var i = 0; i < queued.length; i += BATCH) {
      var batch = queued.slice(i, i + BATCH);
      var answer = await post(batch, false);
      problem = answer.problem || null;
      if (problem) break;
      localStorage.setItem('stoep-last-sync-' + user, String(Date.now()));
      stored = stored.concat(await settle(batch, answer.results));
    }
    if (stored.length) { changed(); await afterStored(stored); }
  }

  async function post(batch, retried) {
    var response;
    try {
      response = await fetch(config.urls.visits, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': token, 'X-Stoep-User': user },
        body: JSON.stringify({ visits: batch.map(function (e) { return e.payload; }) }),
      });
    } catch (e) { return { problem: 'offline' }; }
    if (response.status === 401) return { problem: 'signed_out' };
    if (response.status === 409) return { problem: 'other_user' };
    if ((response.status === 400 || response.status === 403) && !retried) {
      var trouble = await freshToken();  // an expired CSRF token: take a new one and retry once
      return trouble ? { problem: trouble } : post(batch, true);
    }
    if (!response.ok) return { problem: 'server' };
    try {
      var body = await response.json();
      return Array.isArray(body.results) ? { results: body.results } : { problem: 'server' };
    } catch (e) { return { problem: 'offline' }; }  // the answer broke off: resend later
  }

  async function freshToken() {
    try {
      var page = await fetchPage(config.urls.home);
      if (!page) return 'signed_out';
      token = page.querySelector('meta[name="csrf-token"]').content;
      return null;
    } catch (e) { return 'offline'; }
  }

  // A page of ours, as the signed-in worker sees it now; null if that is no longer this worker.
  async function fetchPage(url) {
    var response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
    var page = new DOMParser().parseFromString(await response.text(), 'text/html');
    var owner = page.querySelector('meta[name="stoep-user"]');
    return owner && owner.content === user ? page : null;
  }

  // created and duplicate both mean "the server has it": it leaves the queue.
  async function settle(batch, results) {
    var byId = {};
    var stored = [];
    results.forEach(function (r) { byId[r.id] = r; });
    for (var entry of batch) {
      var result = byId[entry.id];
      if (!result) continue;
      if (result.status === 'rejected') {
        entry.state = 'rejected';
        entry.errors = result.errors || {};
        await Q.put(entry);
      } else {
        await Q.remove(entry.id);
        stored.push(entry);
      }
    }
    return stored;
  }

  function afterStored(stored) {
    var first = stored[0].payload;
    var allNotHome = stored.every(function (e) { return e.payload.outcome === 'not_home'; });
    announce(stored.length === 1 ? fill(S.saved, { outcome: S.outcomes[first.outcome], address: stored[0].address })
      : allNotHome ? fill(S.saved_not_home, { n: stored.length }) : fill(S.saved_many, { n: stored.length }), 'success');
    return redrawStops(stored.map(function (e) { return e.payload.stop_id; }));
  }

  // The server renders a stop best (attempts, "afgerond"): take those stops from a fresh page.
  async function redrawStops(stopIds) {
    if (!document.querySelector('li.stop')) return;
    var page;
    try { page = await fetchPage(location.pathname); } catch (e) { return; }
    if (!page) return;
    stopIds.forEach(function (id) {
      var old = document.getElementById('stop-' + id);
      var fresh = page.getElementById('stop-' + id);
      if (old && fresh) old.replaceWith(document.importNode(fresh, true));
      else if (old) old.remove();  // taken off this route meanwhile
    });
    token = page.querySelector('meta[name="csrf-token"]').content;
    render();
  }

  // ---- showing ----------------------------------------------------------------------------

  function render() {
    return Q.list(user).then(function (entries) {
      var n = entries.length;
      var last = Number(localStorage.getItem('stoep-last-sync-' + user));
      var time = new Date(last).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
      if (document.getElementById('sync')) {
        document.getElementById('sync').hidden = false;
        say('sync-count', n === 0 ? S.pending_none : n === 1 ? S.pending_one : fill(S.pending_many, { n: n }));
        say('sync-when', last ? fill(S.last_sync, { time: time }) : S.never_synced);
        showProblem(n ? problem : null);
        // One line less on a small screen: while sending fails, that is what matters.
        document.getElementById('sync-when').hidden = !!(n && problem);
        listRejected(entries.filter(function (e) { return e.state === 'rejected'; }));
      }
      markStops(entries);
    });
  }

  function showProblem(key) {
    var box = document.getElementById('sync-problem');
    box.hidden = !key;
    if (!key || box.dataset.key === key) return;  // unchanged: don't make screen readers repeat it
    box.dataset.key = key;
    box.textContent = S[key] + ' ';
    if (key === 'signed_out') {
      var link = make('a', S.sign_in);
      link.href = config.urls.login;
      box.append(link);
    }
  }

  function listRejected(rejected) {
    var list = document.getElementById('sync-rejected-list');
    var signature = rejected.map(function (e) { return e.id + JSON.stringify(e.errors); }).join();
    document.getElementById('sync-rejected').hidden = !rejected.length;
    if (list.dataset.signature === signature) return;  // keep focus on an unchanged list
    list.dataset.signature = signature;
    list.replaceChildren.apply(list, rejected.map(function (entry) {
      var item = make('li', entry.address + ' · ' + S.outcomes[entry.payload.outcome] + ': ' + reasons(entry) + ' ');
      if (entry.payload.outcome === 'contact') {
        var fix = make('a', S.fix);
        fix.href = entry.contact_url + '?fix=' + entry.id;
        fix.className = 'button secondary';
        item.append(fix);
      }
      var discard = make('button', S.discard);
      discard.type = 'button';
      discard.className = 'button secondary';
      discard.addEventListener('click', function () {
        if (!window.confirm(S.discard_confirm)) return;
        Q.remove(entry.id).then(changed).then(function () { redrawStops([entry.payload.stop_id]); });
      });
      item.append(discard);
      return item;
    }));
  }

  // Each stop shows its queued or rejected visit over what the server last said.
  function markStops(entries) {
    var stops = document.querySelectorAll('li.stop');
    var latest = {};
    var done = 0;
    if (!stops.length) return;
    entries.forEach(function (e) { latest[e.payload.stop_id] = e; });  // oldest first: last wins
    stops.forEach(function (li) {
      var entry = latest[li.id.slice('stop-'.length)];
      var queued = !!entry && entry.state === 'queued';
      li.classList.toggle('stop-pending', queued);
      li.classList.toggle('stop-rejected', !!entry && !queued);
      if (entry) {
        var outcome = entry.payload.outcome;
        var status = li.querySelector('.stop-status');
        status.className = 'stop-status status-' + outcome;
        status.textContent = S.outcomes[outcome] + ' · ' + (queued ? S.queued : fill(S.rejected, { reason: reasons(entry) }));
        var closes = queued && config.closing.indexOf(outcome) >= 0;
        li.querySelectorAll('.stop-actions, .stop-pick').forEach(function (el) { el.hidden = closes; });
      }
      if (queued || li.dataset.status !== 'open') done += 1;
    });
    document.getElementById('progress').textContent = done + ' / ' + stops.length;
    document.querySelector('.route-progress progress').value = done;
  }

  function announce(message, kind) {
    var region = document.querySelector('.flashes');
    if (!region) {
      region = make('div', '');
      region.className = 'flashes';
      region.setAttribute('role', 'status');
      region.setAttribute('aria-live', 'polite');
      document.getElementById('main').prepend(region);
    }
    var line = make('p', message);
    line.className = 'flash flash-' + kind;
    region.replaceChildren(line);
  }

  // ---- the contact form, reopened to correct a rejected visit -----------------------------

  async function fixMode() {
    var form = document.querySelector('form.contact-form');
    var id = new URLSearchParams(location.search).get('fix');
    var entry = form && id ? await Q.get(id) : null;
    if (!entry || entry.user !== user) return;
    var p = entry.payload;
    fixing = entry;
    form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      if (box.name.indexOf('package_') === 0) {
        box.checked = p.packages.some(function (x) { return 'package_' + x.package_type_id === box.name; });
      } else if (box.name === 'interests' || box.name === 'info_given') box.checked = p[box.name].indexOf(box.value) >= 0;
      else if (box.name === 'flyer_left' || box.name === 'consent') box.checked = !!p[box.name];
    });
    p.packages.forEach(function (x) { setField(form, 'quantity_' + x.package_type_id, x.quantity); });
    setField(form, 'follow_up_kind', p.follow_up ? p.follow_up.kind : '');
    setField(form, 'follow_up_note', p.follow_up ? p.follow_up.note : '');
    setField(form, 'language_used', p.language_used);
    setField(form, 'notes', p.notes);
    form.querySelector('details.more').open = !!(p.follow_up || p.notes || p.language_used);
    var note = make('p', fill(S.rejected, { reason: reasons(entry) }));
    note.className = 'error';
    form.prepend(note);
  }

  // ---- the service worker -----------------------------------------------------------------

  function registerWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.addEventListener('message', function (event) {
      if (event.data && event.data.type === 'warmed' && event.data.ok) say('sync-ready', S.ready);
    });
    navigator.serviceWorker.register(config.urls.worker).then(function () { refresh(false); }, function () {});
  }

  // Ask the worker to keep today's routes and their stops for offline use.
  function refresh(force) {
    if (!('serviceWorker' in navigator) || !navigator.onLine) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: 'refresh', force: force });
    });
  }

  // ---- small helpers ----------------------------------------------------------------------

  function changed() {
    if (channel) channel.postMessage('changed');
    return render();
  }

  function forgetPages() {
    if (!('caches' in window)) return;
    caches.keys().then(function (names) {
      names.filter(function (n) { return n.indexOf('stoep-pages') === 0; }).forEach(function (n) { caches.delete(n); });
    });
  }

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.content : null;
  }

  function say(id, text) {
    var box = document.getElementById(id);
    if (!box) return;
    box.hidden = false;
    if (box.textContent !== text) box.textContent = text;
  }

  function make(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  function setField(form, name, value) {
    var field = form.querySelector('[name="' + name + '"]');
    if (field) field.value = value == null ? '' : value;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function reasons(entry) {
    return Object.keys(entry.errors || {}).map(function (k) { return entry.errors[k]; }).join(' ');
  }

  function isoNow() {  // local time with its offset: what the worker's watch said
    var d = new Date();
    var offset = -d.getTimezoneOffset();
    var pad = function (n) { return String(Math.floor(Math.abs(n))).padStart(2, '0'); };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' +
      pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + (offset >= 0 ? '+' : '-') + pad(offset / 60) + ':' + pad(offset % 60);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));  // RFC 4122 version 4, by hand
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
})();
