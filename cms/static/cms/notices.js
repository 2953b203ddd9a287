// Emergency banners, live. The page listens on the notices socket of its own language; a change
// arrives with the banners already rendered in that language and replaces the banner area at
// once. After (re)connecting, a version mismatch makes it fetch the banners over HTTP. Banners also leave at their expiry time.
// While the socket is down (server restarting, Redis unreachable) the page says live updates
// are paused and polls the banners every 30 s; it reconnects with backoff and jitter.
(function () {
  "use strict";
  var area = document.querySelector(".emergency-banners");
  if (!area) return;
  var url = area.dataset.noticesUrl;
  var path = area.dataset.noticesSocket;
  var retryMs = 1000;
  var expiryTimer = null;
  var pollTimer = null;
  var POLL_MS = 30000;

  // One "live updates paused" line for the page (includes/banners.html), shown while any live
  // socket of the page is down; the page keeps working by polling meanwhile.
  function markLive(el, up) {
    if (up) { delete el.dataset.liveDown; } else { el.dataset.liveDown = "1"; }
    var down = document.querySelector("[data-live-down]") !== null;
    document.querySelectorAll("[data-live-paused]").forEach(function (note) { note.hidden = !down; });
  }

  function dropExpired() {
    clearTimeout(expiryTimer);
    var now = Date.now();
    var next = Infinity;
    area.querySelectorAll("[data-expires-at]").forEach(function (banner) {
      var at = Date.parse(banner.dataset.expiresAt);
      if (isNaN(at)) return;
      if (at <= now) banner.remove();
      else next = Math.min(next, at);
    });
    if (next !== Infinity) expiryTimer = setTimeout(dropExpired, Math.min(next - now + 250, 2147483000));
  }

  // data: {version, html, notices} from the socket message or the HTTP view (one builder on
  // the server, cms.emergency.banner_payload). The html is rendered and escaped by Django.
  function show(data) {
    area.innerHTML = data.html;
    area.dataset.version = data.version;
    dropExpired();
    area.dispatchEvent(new CustomEvent("notices:updated", {bubbles: true}));
  }

  function refresh() {
    return fetch(url, {credentials: "same-origin", cache: "no-store", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(show)
      .catch(function () { /* the next message or reconnect tries again */ });
  }

  function connect() {
    if (!window.WebSocket || !path) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () {
      retryMs = 1000;
      area.dataset.live = "connected";
      clearInterval(pollTimer);
      pollTimer = null;
      markLive(area, true);
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "notices.changed" && typeof message.html === "string") show(message);
      else if (message.version !== undefined && message.version !== area.dataset.version) refresh();
    };
    socket.onclose = function () {
      area.dataset.live = "disconnected";
      markLive(area, false);
      if (!pollTimer) pollTimer = setInterval(refresh, POLL_MS);
      // Back off (with jitter) so a restarted server is not hit by every page at once.
      setTimeout(connect, retryMs + Math.random() * retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }

  dropExpired();
  connect();
})();
