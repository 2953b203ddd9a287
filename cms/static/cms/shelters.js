// An area's shelter list, live: a message on the area's socket carries one shelter's status;
// the page updates that shelter in place and keeps the open ones at the top. On reconnect the
// page reloads the list once (it may have missed a change while the socket was down).
(function () {
  "use strict";
  var list = document.querySelector("[data-shelters-socket]");
  if (!list || !window.WebSocket) return;
  var retryMs = 1000;
  var connectedOnce = false;

  function reorder() {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-shelter-id]"));
    items.sort(function (a, b) {
      return (b.dataset.open - a.dataset.open) || (a.dataset.order - b.dataset.order);
    });
    items.forEach(function (item) { list.appendChild(item); });
  }

  function update(message) {
    var item = list.querySelector('[data-shelter-id="' + message.shelter_id + '"]');
    if (!item) { window.location.reload(); return; }  // a new shelter: show it
    item.dataset.open = message.is_open ? "1" : "0";
    item.querySelector(".shelter__status").textContent =
      message.is_open ? list.dataset.openText : list.dataset.closedText;
    var since = item.querySelector(".shelter__since");
    if (since && message.changed_at) {
      var time = document.createElement("time");
      time.dateTime = message.changed_at;
      time.textContent = new Date(message.changed_at).toLocaleString(document.documentElement.lang || undefined,
        {month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit"});
      since.textContent = since.dataset.sinceLabel + " ";
      since.appendChild(time);
    }
    reorder();
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + list.dataset.sheltersSocket);
    socket.onopen = function () {
      retryMs = 1000;
      if (connectedOnce) window.location.reload();
      connectedOnce = true;
      list.dataset.live = "connected";
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "shelter.status") update(message);
    };
    socket.onclose = function () {
      list.dataset.live = "disconnected";
      setTimeout(connect, retryMs + Math.random() * retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    };
  }
  connect();
})();
