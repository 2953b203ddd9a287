// Nihongo Link service worker (served at /sw.js by cms.views.service_worker).
// 1. Offline copies: pages the server marks with "X-Offline-Cache: 1" (emergency notices, the
//    shelter lists) and static files are fetched network-first; each good answer is kept, and
//    when the network fails or hangs (an overloaded network after a disaster) the kept copy
//    is shown.
// 2. Web Push: a disaster notice arrives as JSON in the reader's language and is shown as a
//    notification; a tap opens the notice.
"use strict";
var CACHE = "nl-offline-v{{ offline_version }}";
var NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("nl-offline-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) { return url.pathname.indexOf("/static/") === 0; }

function keepable(request, response) {
  if (!response || !response.ok || response.type !== "basic") return false;
  var url = new URL(request.url);
  return isStatic(url) || response.headers.get("X-Offline-Cache") === "1";
}

function networkFirst(request) {
  var network = fetch(request).then(function (response) {
    if (keepable(request, response)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
  var timeout = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("timeout")); }, NETWORK_TIMEOUT_MS);
  });
  return Promise.race([network, timeout]).catch(function (error) {
    return caches.match(request, {ignoreVary: true}).then(function (kept) {
      if (kept) return kept;
      return network;  // nothing kept: let the real answer (or the real failure) through
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || isStatic(url)) {
    event.respondWith(networkFirst(request));
  }
});

// A page that loaded before this worker controlled it asks for its own copy (first visit).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || typeof data.url !== "string") return;
  var url = new URL(data.url, self.location.origin);
  if (url.origin !== self.location.origin) return;
  var request = new Request(url.href, {credentials: "same-origin"});
  var source = event.source;
  event.waitUntil(fetch(request).then(function (response) {
    if (!keepable(request, response)) return false;
    return caches.open(CACHE).then(function (cache) { return cache.put(request, response); })
      .then(function () { return true; });
  }).catch(function () { return false; }).then(function (kept) {
    if (source) source.postMessage({type: "kept", url: url.href, kept: kept});
  }));
});

self.addEventListener("push", function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (e) { message = {title: event.data.text()}; }
  var title = message.title || "Nihongo Link";
  var options = {
    body: message.body || message.title_ja || "",
    tag: "notice-" + (message.notice_id || "0"),
    lang: message.language || "ja",
    data: {url: message.url || "/", expires_at: message.expires_at || null},
    requireInteraction: message.severity === "danger",
    renotify: false
  };
  event.waitUntil(
    self.registration.showNotification(title, options).then(function () {
      return self.clients.matchAll({type: "window", includeUncontrolled: true});
    }).then(function (windows) {
      windows.forEach(function (client) { client.postMessage({type: "notice-push", notice: message}); });
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({type: "window", includeUncontrolled: true}).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (new URL(windows[i].url).pathname === url && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
