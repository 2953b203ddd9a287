// Registers the site's service worker (/sw.js) on every page, so the emergency notices and the
// shelter lists a reader has seen stay readable offline, and Web Push can reach them.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("message", function (event) {
    // The worker answers a "keep" request: the page is now readable offline (or not kept).
    if (event.data && event.data.type === "kept" && event.data.kept) {
      document.documentElement.dataset.offlineKept = "1";
    }
  });
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    // This page loaded before the worker ran: ask it to keep a copy (if the page allows it).
    if (firstVisit && registration.active) {
      registration.active.postMessage({type: "keep", url: window.location.href});
    }
    document.documentElement.dataset.offlineReady = "1";
  }).catch(function () {
    /* no offline copies on this browser; the site works as before */
  });
})();
