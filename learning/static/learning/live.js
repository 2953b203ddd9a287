// Live seats and teacher slots. The WebSocket only says "session 42 changed"; the numbers
// always come from the server over HTTP (on every message, on every (re)connect, and by
// polling while no socket is open), so the database stays the one source of truth. While the
// socket is down the page says live updates are paused; it reconnects with backoff and jitter.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-counts]");
  if (!root) { return; }
  var countsUrl = root.dataset.countsUrl;
  var wsPath = root.dataset.wsPath;
  var pollMs = Math.max(parseFloat(root.dataset.pollSeconds) || 30, 0.5) * 1000;
  var socket = null;
  var socketOpen = false;
  var retryMs = 1000;
  var pending = null;
  var pollTimer = null;

  // One "live updates paused" line for the page (includes/banners.html), shown while any live
  // socket of the page is down; the page keeps working by polling meanwhile.
  function markLive(el, up) {
    if (up) { delete el.dataset.liveDown; } else { el.dataset.liveDown = "1"; }
    var down = document.querySelector("[data-live-down]") !== null;
    document.querySelectorAll("[data-live-paused]").forEach(function (note) { note.hidden = !down; });
  }

  function sessionIds() {
    var seen = {};
    root.querySelectorAll("[data-session-id]").forEach(function (el) { seen[el.dataset.sessionId] = true; });
    return Object.keys(seen);
  }

  function setField(el, name, value) {
    el.querySelectorAll("[data-field='" + name + "']").forEach(function (field) {
      var text = String(value);
      if (field.textContent !== text) { field.textContent = text; }  // unchanged: nothing to announce
    });
  }

  function show(el, name, visible) {
    el.querySelectorAll("[data-show-when='" + name + "']").forEach(function (part) { part.hidden = !visible; });
  }

  function apply(counts) {
    root.querySelectorAll("[data-session-id]").forEach(function (el) {
      var c = counts[el.dataset.sessionId];
      if (!c) { return; }
      setField(el, "seats_left", c.seats_left);
      setField(el, "teachers_needed", c.teachers_needed);
      setField(el, "assistants_needed", c.assistants_needed || 0);
      setField(el, "waitlist", c.waitlist);
      show(el, "seats", c.seats_left > 0);
      show(el, "full", c.seats_left === 0);
      show(el, "teacher-needed", c.teachers_needed > 0);
      show(el, "assistant-needed", c.assistants_needed > 0);
      el.classList.toggle("is-full", c.seats_left === 0);
      el.classList.toggle("needs-teacher", c.teachers_needed > 0);
      // The session's state wins over the counts: a cancelled, started or closed class offers
      // no seat, whatever the numbers say (the server refuses too; this keeps the page honest).
      var state = c.state || (c.seats_left > 0 ? "open" : "full");
      var bookable = state === "open" || state === "full";
      show(el, "cancelled", state === "cancelled");
      show(el, "started", state === "started");
      show(el, "closed", state === "closed");
      if (!bookable) { show(el, "seats", false); show(el, "full", false); }
      el.classList.toggle("is-unavailable", !bookable);
      el.querySelectorAll("[data-book-button]").forEach(function (button) {
        button.textContent = c.seats_left > 0 ? button.dataset.labelBook : button.dataset.labelWait;
        button.disabled = !bookable;
        button.hidden = !bookable;
        button.style.display = bookable ? "" : "none";  // .button sets display, which beats [hidden]
      });
      el.querySelectorAll("[data-claim-button]").forEach(function (button) {
        button.disabled = c.teachers_needed === 0 || state === "cancelled" || state === "started";
      });
      el.querySelectorAll("[data-assist-button]").forEach(function (button) {
        button.disabled = !c.assistants_needed || state === "cancelled" || state === "started";
      });
    });
    root.dataset.liveRefreshed = String(Date.now());
  }

  function refresh() {
    var ids = sessionIds();
    if (!ids.length) { return; }
    fetch(countsUrl + "?ids=" + ids.join(","), {
      headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.sessions) { apply(data.sessions); }
    }).catch(function () { /* offline for a moment: the next message or poll catches up */ });
  }

  function refreshSoon() {
    // A burst of bookings becomes one request.
    if (pending) { return; }
    pending = window.setTimeout(function () { pending = null; refresh(); }, 150);
  }

  function poll() {
    window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(function () {
      if (!socketOpen) { refresh(); }
      poll();
    }, pollMs);
  }

  function connect() {
    if (!("WebSocket" in window) || !wsPath) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + wsPath);
    } catch (error) {
      return;
    }
    socket.onopen = function () { socketOpen = true; retryMs = 1000; markLive(root, true); refresh(); };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (error) { return; }
      if (message.type === "session.changed") { refreshSoon(); }
    };
    socket.onclose = function () {
      var wasOpen = socketOpen;
      socketOpen = false;
      markLive(root, false);
      if (wasOpen) { refresh(); }  // once when the socket drops; then polling until it is back
      // Back off (with jitter) so a restarted server is not hit by every page at once.
      window.setTimeout(connect, retryMs + Math.random() * retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { refresh(); }
  });
  connect();
  poll();
})();
