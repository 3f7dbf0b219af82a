// candour-kiosk: the idle warning, and nothing else the form needs.
// After the configured idle time (data-idle seconds on <body>) a dialog
// asks "Do you need more time?" and counts down data-warning seconds; its
// one large button keeps everything (as often as it is pressed) and tells
// the server the session is still in use. If nobody answers, the page
// posts "Exit and clear" and the start page comes back. While someone is
// using the screen, the server hears about it at most every 30 seconds so
// its own backstop never clears a session in use. Without this script the
// form works the same, and the server still clears idle sessions.
(function () {
  'use strict';
  var body = document.body;
  var summary = document.querySelector('.error-summary');
  if (summary && document.activeElement !== summary) summary.focus();

  var idle = parseInt(body.getAttribute('data-idle'), 10) * 1000;
  var warning = parseInt(body.getAttribute('data-warning'), 10) * 1000;
  var dialog = document.getElementById('idle');
  var more = document.getElementById('idle-more');
  var left = document.getElementById('idle-left');
  var exit = document.querySelector('form.exit');
  if (!(idle > 0) || !(warning > 0) || !dialog || !more || !left || !exit ||
      typeof dialog.showModal !== 'function') return;

  var timer = null;
  var countdown = null;
  var deadline = 0;
  var lastPing = Date.now();
  var before = null;

  function ping() {
    lastPing = Date.now();
    fetch('/keepalive', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: ''
    }).catch(function () {});
  }

  function arm() {
    clearTimeout(timer);
    timer = setTimeout(warn, idle);
  }

  function clearAll() {
    var reason = document.createElement('input');
    reason.type = 'hidden';
    reason.name = 'reason';
    reason.value = 'timeout';
    exit.appendChild(reason);
    exit.submit();
  }

  function tick() {
    var s = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    left.textContent = String(s);
    if (s <= 0) {
      clearInterval(countdown);
      clearAll();
    }
  }

  function warn() {
    before = document.activeElement;
    deadline = Date.now() + warning;
    left.textContent = String(Math.round(warning / 1000));
    countdown = setInterval(tick, 250);
    dialog.showModal();
    more.focus();
  }

  function moreTime() {
    clearInterval(countdown);
    if (dialog.open) dialog.close();
    ping();
    arm();
    if (before && typeof before.focus === 'function' && before !== body) before.focus();
  }

  function activity() {
    if (dialog.open) return;
    arm();
    if (Date.now() - lastPing > 30000) ping();
  }

  more.addEventListener('click', moreTime);
  // Escape would close the dialog: treat it as "I need more time".
  dialog.addEventListener('cancel', function (e) {
    e.preventDefault();
    moreTime();
  });
  ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'].forEach(function (t) {
    document.addEventListener(t, activity, { capture: true, passive: true });
  });
  arm();
})();
