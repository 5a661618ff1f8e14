/* Copy buttons for links to share (progressive enhancement). Without JavaScript the link sits in
   a read-only field that selects itself wholly on focus, to copy by hand; with it, a button
   copies it and says so in a live region. */
(function () {
  'use strict';
  document.querySelectorAll('[data-copy-from]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy-from'));
    var status = document.getElementById(button.getAttribute('aria-describedby'));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      field.select();
      var done = function () { if (status) { status.textContent = button.getAttribute('data-copied'); } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (document.execCommand('copy')) { done(); }
        });
      } else if (document.execCommand('copy')) {
        done();
      }
    });
  });
  document.querySelectorAll('input.copy-field').forEach(function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });
}());
