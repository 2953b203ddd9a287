// The "notices on this device" buttons: subscribe this browser to Web Push for the chosen
// areas and language, or unsubscribe it. Needs the service worker (/sw.js) and the site's
// VAPID public key (data-vapid-key); without them the buttons stay hidden.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box) return;
  var key = box.dataset.vapidKey;
  if (!key || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  box.hidden = false;
  var status = box.querySelector("[data-push-status]");
  var form = document.querySelector("form.notice-alerts");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function keyBytes(base64url) {
    var padded = base64url + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function say(text) { status.textContent = text; }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.status);
        return data;
      });
    });
  }

  box.querySelector("[data-push-on]").addEventListener("click", function () {
    var areas = Array.prototype.map.call(form.querySelectorAll("[name=areas]:checked"), function (el) { return el.value; });
    var language = form.querySelector("[name=language]").value;
    navigator.serviceWorker.register("/sw.js", {scope: "/"})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(key)});
        });
      })
      .then(function (subscription) {
        return post(box.dataset.subscribeUrl, {subscription: subscription.toJSON(), areas: areas, language: language});
      })
      .then(function () { say(box.dataset.onText); })
      .catch(function (error) { say(box.dataset.failText + " (" + error.message + ")"); });
  });

  box.querySelector("[data-push-off]").addEventListener("click", function () {
    navigator.serviceWorker.ready
      .then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return null;
        return post(box.dataset.unsubscribeUrl, {endpoint: subscription.endpoint}).then(function () {
          return subscription.unsubscribe();
        });
      })
      .then(function () { say(box.dataset.offText); })
      .catch(function (error) { say(box.dataset.failText + " (" + error.message + ")"); });
  });
})();
