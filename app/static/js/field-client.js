/* The offline field client: every visit logged on a field page goes into the phone's queue
 * (field-queue.js) first and is sent to POST /api/v1/visits when there is signal.
 *
 * Progressive enhancement: without this script the same forms post to the server. Where the
 * phone cannot store visits (no IndexedDB, storage full or closed), the page says offline use is
 * not available and each visit is sent straight away. After a tap the worker always reads one of
 * "saved on this phone", "saved", "already saved" or "not saved — try again".
 *
 * Exactly once: each form's visit id is made when the form is shown (when the page is shown, and
 * again a moment after a tap was kept), so a double tap or a double click is one visit; buttons
 * are disabled while a visit is on its way. A page brought back with the Back button keeps its
 * ids, like the same page without this script: sending it again is "already saved".
 *
 * Every sentence shown comes from the page (<meta name="stoep-field-client">), so the server
 * translates it. The worker's key (<meta name="stoep-user">) tags each queued visit: a visit is
 * only ever listed and sent on a page of the worker who logged it.
 */
(function () {
  'use strict';
  var user = meta('stoep-user');
  var Q = window.StoepQueue;
  var BATCH = 50;               // the API takes 100; smaller batches answer sooner on bad signal
  var EVERY_MS = 30 * 1000;
  var SETTLE_MS = 2000;         // a tap within this time after the last one is the same visit
  var RETRY_SIGN_OUT_MS = 5000; // the signed-out page asks again this often until the server knows

  if (!user) {
    // Signed out (the sign-in page, or the signed-out page): the last worker's pages must not
    // stay on the phone, and a sign-out made without signal still has to reach the server.
    forgetPages();
    finishSignOut();
    return;
  }

  var config = JSON.parse(meta('stoep-field-client'));
  var S = config.strings;
  var token = meta('csrf-token');
  var storage = null;           // can this phone keep visits? null until known
  var problem = null;           // why the last attempt to send failed: a key of S
  var syncing = false;
  var running = Promise.resolve();  // the send under way, if any
  var again = false;
  var fixing = null;            // the rejected visit the contact form is correcting
  var lastButton = null;
  var ids = {};                 // the visit id each form shows now: "stop-<id>" or "contact"
  var recorded = {};            // visit ids kept or sent from this page view
  var marked = {};              // stops showing a visit of the queue
  var shown = {};               // the server's card of each such stop, before the queue's visit
  var UNDO_MS = 10 * 60 * 1000; // a visit can be taken back this long after it was logged
  var SENT_KEPT_MS = 18 * 3600 * 1000;  // how long the phone counts a visit it sent as done
  var clockOff = false;
  var warmed = false;           // the service worker has kept today's pages
  var signingOut = false;       // this tab is signing out (the others follow it)
  var channel = 'BroadcastChannel' in window ? new BroadcastChannel('stoep-queue') : null;

  start();

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
    document.addEventListener('change', countPackages);
    var now = document.getElementById('sync-now');
    if (now) now.addEventListener('click', sync);
    window.addEventListener('online', function () { sync(); refresh(true); });
    window.addEventListener('offline', function () { problem = 'offline'; render(); });
    listenToOtherTabs();
    showCarried();
    registerWorker();
    storageReady().then(function () {
      setInterval(sync, EVERY_MS);
      return fixMode();
    }).then(render).then(sync);
  }

  // ---- can this phone keep visits? -------------------------------------------------------

  function storageReady() {
    if (!Q || !('indexedDB' in window)) { noStorage(); return Promise.resolve(); }
    return Q.ready().then(function () { storage = true; }, noStorage);
  }

  function noStorage() {
    storage = false;
    render();
  }

  // ---- logging: a form becomes a visit ----------------------------------------------------

  function onSubmit(event) {
    var form = event.target;
    if (form.matches('form.undo-form')) {
      if (navigator.onLine) { forgetSent(form.dataset.stop); return; }  // the server takes it back
      // A visit the server has: only the server can take it back.
      event.preventDefault();
      announce(S.undo_needs_signal, 'error');
      return;
    }
    var kind = form.matches('form.stop-actions') ? 'tap' : form.id === 'bulk' ? 'bulk'
      : form.matches('form.contact-form') ? 'contact' : form.matches('form.logout-form') ? 'signout' : null;
    if (!kind || form.dataset.plain) return;
    event.preventDefault();
    if (form.dataset.busy) return;  // the same tap again while the first is on its way
    var submitter = event.submitter || lastButton;
    busy(form, true);
    var job = kind === 'signout' ? signOut(form) : log(kind, form, submitter);
    job.catch(function () { announce(S.not_saved_retry, 'error'); })
      .then(function () { busy(form, false); });
  }

  function busy(form, on) {
    var controls = Array.prototype.slice.call(form.querySelectorAll('button'));
    if (form.id) controls = controls.concat(Array.prototype.slice.call(document.querySelectorAll('button[form="' + form.id + '"]')));
    if (on) form.dataset.busy = '1'; else delete form.dataset.busy;
    controls.forEach(function (button) { button.disabled = on; });
  }

  function log(kind, form, submitter) {
    var entries = kind === 'tap' ? [tap(form, submitter ? submitter.value : 'not_home')]
      : kind === 'bulk' ? bulk(form) : contact(form);
    if (!entries || !entries.length) return Promise.resolve();
    var fresh = entries.filter(function (e) { return !recorded[e.id]; });
    if (!fresh.length) {
      announce(fill(S.already_saved, { address: entries[0].address }), 'warning');
      return Promise.resolve();
    }
    return keep(fresh).then(function () {
      fresh.forEach(function (e) { recorded[e.id] = true; });
      settle(fresh);
      announceKept(fresh);
      changed();
      // Sent from the route page we go back to; a send started here would die with this page.
      if (kind === 'contact') return offerOrLeave(form, fresh[0]);
      sync();
    }, function () {
      return sendNow(fresh).then(function (ok) { if (ok && kind === 'contact') return offerOrLeave(form, fresh[0]); });
    });
  }

  function tap(form, choice) {
    var flyer = choice === 'not_home_flyer' || (choice === 'not_home' && form.dataset.flyer === 'true');
    var outcome = choice.indexOf('not_home') === 0 ? 'not_home' : choice;
    return entryFor(form, { outcome: outcome, flyer_left: flyer });
  }

  function bulk(form) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="visit"][form="bulk"]:checked'));
    if (!boxes.length) { announce(S.pick_first, 'error'); return null; }
    return boxes.map(function (box) {
      box.checked = false;
      var stop = document.querySelector('form.stop-actions[data-stop="' + box.value.split(':')[0] + '"]');
      return entryFor(stop, { outcome: 'not_home', flyer_left: form.dataset.flyer === 'true' });
    });
  }

  function contact(form) {
    if (!form.checkValidity()) { form.reportValidity(); return null; }
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
      consent: data.has('consent') && !data.has('consent_withdrawn'),
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
      return null;
    }
    var entry = entryFor(form, fields);
    if (fixing) entry.payload.occurred_at = fixing.payload.occurred_at;  // when it really happened
    return [entry];
  }

  // "Je geeft: 1 × Zomerpakket kleuter": what the ticked packages and their numbers add up to.
  function countPackages(event) {
    var form = event.target.closest && event.target.closest('form.contact-form');
    var line = document.getElementById('package-count');
    if (!form || !line) return;
    var chosen = [];
    form.querySelectorAll('.package-row').forEach(function (row) {
      var box = row.querySelector('input[type=checkbox]');
      var qty = row.querySelector('input.qty');
      if (box.checked) chosen.push((Number(qty && qty.value) || 1) + ' × ' + box.closest('label').dataset.package);
    });
    line.textContent = chosen.length ? fill(line.dataset.given, { packages: chosen.join(', ') }) : line.dataset.none;
  }

  // The visit id the form shows: made when the form is shown (the server's id is not used: a
  // page kept for offline use repeats it on every load), the rejected visit's own when correcting.
  function visitId(key) {
    if (key === 'contact' && fixing) return fixing.id;
    if (!ids[key]) ids[key] = newId();
    return ids[key];
  }

  // A moment after a tap was kept, the form shows a new visit: the next tap is a new attempt.
  function settle(entries) {
    setTimeout(function () {
      entries.forEach(function (e) {
        var key = 'stop-' + e.payload.stop_id;
        if (ids[key] === e.id) delete ids[key];
      });
    }, SETTLE_MS);
  }

  function entryFor(holder, fields) {
    var key = holder.matches('form.contact-form') ? 'contact' : 'stop-' + holder.dataset.stop;
    var id = visitId(key);
    var payload = {
      id: id, stop_id: Number(holder.dataset.stop), occurred_at: isoNow(), outcome: 'not_home',
      flyer_left: false, packages: [], interests: [], info_given: [], follow_up: null,
      notes: '', language_used: '', consent: null,
    };
    Object.keys(fields).forEach(function (k) { payload[k] = fields[k]; });
    return {
      id: id, user: user, created: Date.now(), state: 'queued', errors: {}, reason: null, payload: payload,
      address: holder.dataset.address, contact_url: holder.dataset.contact || location.pathname,
    };
  }

  // Each entry is on disk before the page shows it as kept; rejects when the phone cannot keep it.
  function keep(entries) {
    if (storage === false) return Promise.reject(new Error('no storage'));
    return entries.reduce(function (chain, entry) {
      return chain.then(function () { return Q.put(entry); });
    }, Promise.resolve()).catch(function (error) {
      noStorage();  // full, closed or refused: from now on this page sends each visit at once
      throw error;
    });
  }

  function announceKept(entries) {
    var first = entries[0];
    var text = entries.length === 1
      ? fill(S.saved_here, { outcome: S.outcomes[first.payload.outcome], address: first.address })
      : fill(S.saved_here_many, { n: entries.length });
    announce(text, 'success');
  }

  // The phone cannot keep them: send them now, and say plainly what became of them.
  async function sendNow(entries) {
    var answer = await post(entries, false);
    if (answer.problem) {
      var why = { offline: S.no_signal, server: S.no_answer }[answer.problem] || S[answer.problem];
      announce(fill(S.not_saved_retry_because, { reason: why }), 'error');
      return false;  // the form keeps its visit id: trying again is the same visit
    }
    var byId = {};
    answer.results.forEach(function (r) { byId[r.id] = r; });
    var rejected = entries.filter(function (e) { return (byId[e.id] || {}).status === 'rejected'; });
    var duplicate = entries.filter(function (e) { return (byId[e.id] || {}).status === 'duplicate'; });
    entries.forEach(function (e) { recorded[e.id] = true; });
    settle(entries);
    if (rejected.length) {
      var r = byId[rejected[0].id];
      announce(fill(S.rejected, { reason: reasonText(r.errors, r.kept) }) + ' ' + rejected[0].address, 'error');
    } else if (duplicate.length === entries.length) {
      announce(fill(S.already_saved, { address: entries[0].address }), 'warning');
    } else {
      announceStored(entries);
    }
    await redrawStops(entries.map(function (e) { return e.payload.stop_id; }));
    return !rejected.length;
  }

  // After a contact with interests: the family's own offer as a QR code, drawn here (also
  // without signal), before going back to the route. The address holds only the wijk, the
  // children's ages, the interests and a language.
  function offerOrLeave(form, entry) {
    var panel = document.getElementById('family-offer');
    var p = entry.payload;
    if (!panel || !window.qrcode || !p.interests.length || !p.consent) return leave(form);
    var url = familyOfferUrl(panel, p);
    var code = window.qrcode(0, 'M');
    code.addData(url);
    code.make();
    panel.querySelector('.qr-code').innerHTML = code.createSvgTag({ cellSize: 6, margin: 4, scalable: true });
    var link = panel.querySelector('.qr-link');
    link.href = url;
    link.textContent = url;
    form.hidden = true;
    panel.hidden = false;
    panel.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'start' });
    document.getElementById('family-offer-done').addEventListener('click', function () { leave(form); });
  }

  function familyOfferUrl(panel, p) {
    var query = new URLSearchParams();
    query.append('wijk', panel.dataset.wijk);
    panel.dataset.ages.split(',').filter(Boolean).forEach(function (age) { query.append('age', age); });
    p.interests.forEach(function (code) { query.append('category', code); });
    // The language spoken at the door, when the families' pages have it; else the household's.
    var spoken = panel.dataset.langs.split(',').indexOf(p.language_used) >= 0 ? p.language_used : panel.dataset.lang;
    query.append('lang', spoken);
    return panel.dataset.url + '?' + query.toString();
  }

  // Back to the route, which says what became of the visit (the message goes with us).
  function leave(form) {
    var said = document.querySelector('.flashes p');
    if (said) carry(said.textContent, 'success');
    location.assign(form.dataset.return);
  }

  // ---- signing out ------------------------------------------------------------------------

  async function signOut(form) {
    var entries = await listMine();
    var waiting = entries.filter(function (e) { return e.state === 'queued'; }).length;
    var refused = entries.length - waiting;
    if (entries.length) {
      // They stay on the phone either way; the worker just has to know.
      var parts = [];
      if (waiting) parts.push(waiting === 1 ? S.signout_queued_one : fill(S.signout_queued, { n: waiting }));
      if (refused) parts.push(fill(S.signout_rejected, { n: refused }));
      parts.push(S.signout_question);
      if (!window.confirm(parts.join(' '))) return;
    }
    await quiet();
    if (!(await activeWorker())) {  // none to finish it later: the plain form, as without script
      form.dataset.plain = '1';
      form.submit();
      return;
    }
    // The phone's copies go first; the service worker sends the other tabs away from their
    // addresses and tells the server now, or once there is signal.
    signingOut = true;
    await forgetPages();
    var done = await askWorker({ type: 'sign-out', token: token }, 'sign-out', 10000);
    if (!done || !done.done) registerSignOutSync();
    location.assign(done && done.done ? config.urls.login_after_sign_out : config.urls.signed_out);
  }

  // Answers still under way (a send, the service worker's warming) would bring the session
  // cookie back after the sign-out cleared it: wait for them, but never for long.
  function quiet() {
    return Promise.all([running, askWorker({ type: 'settle' }, 'settled', 5000)]).catch(function () {});
  }

  // ---- sending ----------------------------------------------------------------------------

  function sync() {
    if (!storage) return Promise.resolve();
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
    var handed = [];
    if (!queued.length) problem = null;
    for (var i = 0; i < queued.length; i += BATCH) {
      var batch = queued.slice(i, i + BATCH);
      var answer = await post(batch, false);
      problem = answer.problem || null;
      if (problem) break;
      localStorage.setItem('stoep-last-sync-' + user, String(Date.now()));
      var settled = await settleAnswers(batch, answer.results);
      stored = stored.concat(settled.stored);
      handed = handed.concat(settled.handed);
    }
    if (stored.length || handed.length) changed();
    if (stored.length) announceStored(stored);
    if (handed.length) announceHanded(handed);
  }

  async function post(batch, retried) {
    var response;
    try {
      response = await fetch(config.urls.visits, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': token, 'X-Stoep-User': user },
        // The phone's clock goes with the batch: the server takes out how far it is off.
        body: JSON.stringify({ sent_at: isoNow(), visits: batch.map(function (e) { return e.payload; }) }),
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
      if (!Array.isArray(body.results)) return { problem: 'server' };
      clockOff = Math.abs(body.clock_offset_s || 0) >= config.clock_off_s;
      return { results: body.results };
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

  // created and duplicate both mean "the server has it", and so does a rejected visit the
  // server kept for the coordinator: they leave the queue. Any other rejected one stays, apart.
  async function settleAnswers(batch, results) {
    var byId = {};
    var settled = { stored: [], handed: [] };
    results.forEach(function (r) { byId[r.id] = r; });
    for (var entry of batch) {
      var result = byId[entry.id];
      if (!result) continue;
      if (result.status === 'rejected' && !result.kept) {
        entry.state = 'rejected';
        entry.errors = result.errors || {};
        entry.reason = result.reason || null;
        await Q.put(entry);
        continue;
      }
      await Q.remove(entry.id);
      if (result.status !== 'rejected') rememberSent(entry.payload.stop_id);
      if (result.status === 'rejected') {
        entry.errors = result.errors || {};
        settled.handed.push(entry);
      } else settled.stored.push(entry);
    }
    return settled;
  }

  function announceStored(stored) {
    var first = stored[0].payload;
    var allNotHome = stored.every(function (e) { return e.payload.outcome === 'not_home'; });
    announce(stored.length === 1 ? fill(S.saved, { outcome: S.outcomes[first.outcome], address: stored[0].address })
      : allNotHome ? fill(S.saved_not_home, { n: stored.length }) : fill(S.saved_many, { n: stored.length }), 'success');
  }

  function announceHanded(handed) {
    announce(handed.map(function (e) {
      return e.address + ' · ' + S.outcomes[e.payload.outcome] + ': ' + reasonText(e.errors, true);
    }).join(' '), 'warning');
  }

  // The server renders a stop best (attempts, "afgerond"): take those stops from a fresh page.
  async function redrawStops(stopIds) {
    if (!stopIds.length || !document.querySelector('li.stop')) return;
    var page;
    try { page = await fetchPage(location.pathname); } catch (e) { return; }
    if (!page) return;
    stopIds.forEach(function (id) {
      var old = document.getElementById('stop-' + id);
      var fresh = page.getElementById('stop-' + id);
      delete shown[id];
      if (old && fresh) old.replaceWith(document.importNode(fresh, true));
      else if (old) old.remove();  // taken off this route meanwhile
    });
    token = page.querySelector('meta[name="csrf-token"]').content;
    render();
  }

  // ---- other tabs -------------------------------------------------------------------------

  // Another tab kept, sent or discarded visits: read the queue again (its stops redraw).
  function listenToOtherTabs() {
    if (channel) channel.onmessage = render;
    window.addEventListener('storage', function (event) {
      if (event.key === 'stoep-queue-' + user || event.key === 'stoep-last-sync-' + user) render();
    });
  }

  function changed() {
    if (channel) channel.postMessage('changed');
    else localStorage.setItem('stoep-queue-' + user, String(Date.now()));
    return render();
  }

  // ---- showing ----------------------------------------------------------------------------

  function listMine() {
    return storage ? Q.list(user).catch(function () { return []; }) : Promise.resolve([]);
  }

  function render() {
    return listMine().then(function (entries) {
      var queued = entries.filter(function (e) { return e.state === 'queued'; });
      var rejected = entries.filter(function (e) { return e.state !== 'queued'; });
      if (document.getElementById('sync')) renderBox(queued, rejected);
      markRoutes(entries);
      var gone = markStops(entries);
      if (gone.length) return redrawStops(gone);
    });
  }

  // One sentence for the state, never two that seem to disagree; the rest on a tap.
  function renderBox(queued, rejected) {
    var n = queued.length;
    var last = Number(localStorage.getItem('stoep-last-sync-' + user));
    var time = new Date(last).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
    document.getElementById('sync').hidden = false;
    if (storage === false) {
      say('sync-count', S.no_offline);
    } else if (n) {
      say('sync-count', n === 1 ? S.pending_one : fill(S.pending_many, { n: n }));
    } else {
      say('sync-count', last ? S.pending_none : S.nothing_waiting);
    }
    if (last) say('sync-when', fill(S.last_sync, { time: time })); else hide('sync-when');
    showProblem(n ? problem : null);
    document.getElementById('sync-now').hidden = !n;
    // Offline use needs the kept pages and a phone that can keep visits.
    if (warmed && storage) say('sync-ready', S.ready); else hide('sync-ready');
    if (clockOff) say('sync-clock', S.clock_off); else hide('sync-clock');
    listRejected(rejected);
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
    say('sync-rejected-count', rejected.length === 1 ? S.rejected_one : fill(S.rejected_many, { n: rejected.length }));
    if (list.dataset.signature === signature) return;  // keep focus on an unchanged list
    list.dataset.signature = signature;
    list.replaceChildren.apply(list, rejected.map(rejectedItem));
  }

  function rejectedItem(entry) {
    var item = make('li', entry.address + ' · ' + S.outcomes[entry.payload.outcome] + ': ' + reasons(entry) + ' ');
    // Only what the worker can correct opens the form again; a stop that is gone has no form.
    if (entry.payload.outcome === 'contact' && entry.reason === 'invalid') item.append(fixLink(entry));
    var discard = make('button', S.discard);
    discard.type = 'button';
    discard.className = 'button secondary';
    discard.addEventListener('click', function () {
      if (!window.confirm(S.discard_confirm)) return;
      Q.remove(entry.id).then(changed);
    });
    item.append(discard);
    return item;
  }

  // "Aanpassen" opens the contact form only once it is known to be there (or kept on the
  // phone); a stop taken away meanwhile is sent again, so that its answer says what happened.
  function fixLink(entry) {
    var fix = make('a', S.fix);
    fix.href = entry.contact_url + '?fix=' + entry.id;
    fix.className = 'button secondary';
    fix.addEventListener('click', function (event) {
      event.preventDefault();
      fetch(fix.href, { credentials: 'same-origin' }).then(function (response) {
        if (response.ok) { location.assign(fix.href); return; }
        entry.state = 'queued';
        return Q.put(entry).then(changed).then(sync);
      }, function () { announce(S.fix_needs_signal, 'error'); });
    });
    return fix;
  }

  // Each stop shows its queued or rejected visit over what the server last said; returns the
  // stops that showed a visit of the queue and no longer do (sent, discarded, by any tab).
  function markStops(entries) {
    var stops = document.querySelectorAll('li.stop');
    var latest = latestPerStop(entries);
    var now = {};
    if (!stops.length) return [];
    stops.forEach(function (li) {
      var id = li.id.slice('stop-'.length);
      var entry = latest[id];
      var queued = !!entry && entry.state === 'queued';
      if (entry && !shown[id]) shown[id] = li.cloneNode(true);  // the server's card, to go back to
      li.classList.toggle('stop-pending', queued);
      li.classList.toggle('stop-rejected', !!entry && !queued);
      if (entry) {
        now[id] = true;
        var outcome = entry.payload.outcome;
        var status = li.querySelector('.stop-status');
        status.className = 'stop-status status-' + outcome;
        status.textContent = S.outcomes[outcome] + ' · ' + (queued ? S.queued : fill(S.rejected, { reason: reasons(entry) }));
        var closes = queued && config.closing.indexOf(outcome) >= 0;
        li.querySelectorAll('.stop-actions, .stop-pick').forEach(function (el) { el.hidden = closes; });
      }
      undoButton(li, queued && Date.now() - entry.created < UNDO_MS ? entry : null);
    });
    var ids = [];
    var open = [];
    stops.forEach(function (li) {
      ids.push(li.id.slice('stop-'.length));
      if (li.dataset.status === 'open') open.push(li.id.slice('stop-'.length));
    });
    var done = countDone(ids, open, latest);
    document.getElementById('progress').textContent = done + ' / ' + stops.length;
    document.querySelector('.route-progress progress').value = done;
    var gone = Object.keys(marked).filter(function (id) { return !now[id]; });
    marked = now;
    return gone;
  }

  function latestPerStop(entries) {
    var latest = {};
    entries.forEach(function (e) { latest[e.payload.stop_id] = e; });  // oldest first: last wins
    return latest;
  }

  // How many of these stops are done: what the server said when the page was made, the visits
  // still waiting on this phone, and those it sent since (a page kept for offline use may be
  // older than them). The route page and /vandaag both count with this, from the same records.
  function countDone(stopIds, openIds, latest) {
    var open = {};
    var sent = sentHere();
    openIds.forEach(function (id) { open[id] = true; });
    return stopIds.filter(function (id) {
      return !open[id] || sent[id] || (latest[id] && latest[id].state === 'queued');
    }).length;
  }

  // Stops this phone sent a visit for today: {stop id: when}. Kept a day; an undo removes one.
  function sentHere() {
    var key = 'stoep-sent-' + user;
    var sent = {};
    try { sent = JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { sent = {}; }
    var fresh = {};
    Object.keys(sent).forEach(function (id) { if (Date.now() - sent[id] < SENT_KEPT_MS) fresh[id] = sent[id]; });
    return fresh;
  }

  function rememberSent(stopId) {
    var sent = sentHere();
    sent[stopId] = Date.now();
    localStorage.setItem('stoep-sent-' + user, JSON.stringify(sent));
  }

  function forgetSent(stopId) {
    var sent = sentHere();
    delete sent[stopId];
    localStorage.setItem('stoep-sent-' + user, JSON.stringify(sent));
  }

  // /vandaag: each route's progress from the same queue as its route page.
  function markRoutes(entries) {
    var latest = latestPerStop(entries);
    document.querySelectorAll('li.route-item').forEach(function (item) {
      var ids = item.dataset.stops ? item.dataset.stops.split(',') : [];
      var open = item.dataset.open ? item.dataset.open.split(',') : [];
      var done = countDone(ids, open, latest);
      item.querySelector('.progress-text').textContent = fill(S.progress, { done: done, total: ids.length });
      item.querySelector('progress').value = done;
    });
  }

  // A visit still on this phone can be taken back there and then, with or without signal.
  function undoButton(li, entry) {
    var button = li.querySelector('.undo-queued');
    if (!entry) { if (button) button.remove(); return; }
    if (button && button.dataset.visit === entry.id) return;
    if (button) button.remove();
    button = make('button', S.undo + ': ' + S.outcomes[entry.payload.outcome]);
    button.type = 'button';
    button.className = 'button secondary undo undo-queued';
    button.dataset.visit = entry.id;
    button.addEventListener('click', function () { undoQueued(li, entry); });
    li.append(button);  // below the buttons: nothing moves under a finger that taps again
  }

  async function undoQueued(li, entry) {
    var still = await Q.get(entry.id);
    if (!still || still.state !== 'queued') {  // sent meanwhile: the server's undo does it
      await redrawStops([entry.payload.stop_id]);
      announce(S.undo_needs_signal, 'warning');
      return;
    }
    await Q.remove(entry.id);
    var id = String(entry.payload.stop_id);
    if (shown[id]) { li.replaceWith(shown[id]); delete shown[id]; }
    delete marked[id];
    announce(fill(S.undone_here, { outcome: S.outcomes[entry.payload.outcome], address: entry.address }), 'success');
    await changed();
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

  // A message for the page we are going to (the contact form returns to the route).
  function carry(message, kind) {
    sessionStorage.setItem('stoep-carried', JSON.stringify({ message: message, kind: kind }));
  }

  function showCarried() {
    var carried = sessionStorage.getItem('stoep-carried');
    if (!carried) return;
    sessionStorage.removeItem('stoep-carried');
    if (document.querySelector('form.contact-form')) return;  // said on the page it was made on
    carried = JSON.parse(carried);
    announce(carried.message, carried.kind);
  }

  // ---- the contact form, reopened to correct a rejected visit -----------------------------

  async function fixMode() {
    var form = document.querySelector('form.contact-form');
    var id = new URLSearchParams(location.search).get('fix');
    var entry = form && id && storage ? await Q.get(id) : null;
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
      if (event.data && event.data.type === 'warmed' && event.data.ok) { warmed = true; render(); }
      // Signed out in another tab: no address stays on this screen either.
      if (event.data && event.data.type === 'signed-out' && !signingOut) location.replace(config.urls.signed_out);
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

  // ---- small helpers (also used signed out) -----------------------------------------------

  // The service worker, active, whether or not it controls this page (a page loaded while it
  // was installing is not controlled until it is loaded again).
  function activeWorker() {
    if (!('serviceWorker' in navigator)) return Promise.resolve(null);
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      return registration ? registration.active : null;
    }, function () { return null; });
  }

  // A question to the service worker and its answer (null after `ms` without one).
  async function askWorker(message, answerType, ms) {
    var worker = await activeWorker();
    return new Promise(function (resolve) {
      if (!worker) { resolve(null); return; }
      var timer = setTimeout(function () { resolve(null); }, ms);
      navigator.serviceWorker.addEventListener('message', function answer(event) {
        if (!event.data || event.data.type !== answerType) return;
        navigator.serviceWorker.removeEventListener('message', answer);
        clearTimeout(timer);
        resolve(event.data);
      });
      worker.postMessage(message);
    });
  }

  // Signed out without signal: the service worker tells the server once there is some. The
  // signed-out page says which it is; it asks again when the phone comes online and every few
  // seconds meanwhile ("online" comes before the network always works).
  function finishSignOut() {
    var status = document.getElementById('sign-out-status');
    var done = false;
    var told = function () {
      done = true;
      if (!status) return;
      status.textContent = status.dataset.done;
      status.className = 'flash flash-success';
    };
    var ask = function () {
      if (done) return;
      askWorker({ type: 'finish-sign-out' }, 'sign-out', 10000).then(function (answer) {
        if (answer && answer.done) told();
      });
    };
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.addEventListener('message', function (event) {
      if (event.data && event.data.type === 'sign-out' && event.data.done) told();
    });
    navigator.serviceWorker.ready.then(ask);
    window.addEventListener('online', ask);
    if (status) setInterval(ask, RETRY_SIGN_OUT_MS);
  }

  function registerSignOutSync() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register('stoep-sign-out');
    }).catch(function () {});
  }

  function forgetPages() {
    if (!('caches' in window)) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf('stoep-pages') === 0; })
        .map(function (n) { return caches.delete(n); }));
    }).catch(function () {});
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

  function hide(id) {
    var box = document.getElementById(id);
    if (box) box.hidden = true;
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
    return reasonText(entry.errors, false);
  }

  function reasonText(errors, kept) {
    var text = Object.keys(errors || {}).map(function (k) { return errors[k]; }).join(' ');
    return kept ? text + ' ' + S.handed_over : text;
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
