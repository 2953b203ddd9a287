// Registers the site's service worker (/sw.js) on every page, so the emergency notices and the
// shelter lists a reader has seen stay readable offline, and Web Push can reach them.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {
    /* no offline copies on this browser; the site works as before */
  });
})();
