// Site-wide behaviour: the menu on phones and the furigana toggle without a page reload.
(function () {
  "use strict";
  var navToggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (navToggle && nav) {
    navToggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    // Escape closes the phone menu and gives focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        navToggle.setAttribute("aria-expanded", "false");
        navToggle.focus();
      }
    });
  }

  // The language switcher changes language on selection; without JavaScript its <noscript>
  // button submits the same form.
  var languageSelect = document.getElementById("language-select");
  if (languageSelect && languageSelect.form) {
    languageSelect.addEventListener("change", function () {
      languageSelect.form.submit();
    });
  }

  // The result of book / cancel / claim / drop arrives as a message on the next page; a live
  // region present at load is not read out, so focus moves to it and it is read at once.
  var announce = document.querySelector("[data-announce]");
  if (announce) { announce.focus(); }

  var form = document.querySelector("form.furigana-toggle");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var hidden = form.querySelector("input[name=furigana]");
      var turnOn = hidden.value === "on";
      document.documentElement.classList.toggle("furigana-off", !turnOn);
      button.setAttribute("aria-pressed", turnOn ? "true" : "false");
      var state = form.querySelector(".furigana-state");
      state.textContent = turnOn ? state.dataset.on : state.dataset.off;
      hidden.value = turnOn ? "off" : "on";
      // Remember the choice on the server side too (cookie), so the next page starts right.
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams({furigana: turnOn ? "on" : "off",
          csrfmiddlewaretoken: form.querySelector("[name=csrfmiddlewaretoken]").value}),
        headers: {"X-Requested-With": "fetch"},
        credentials: "same-origin"
      });
    });
  }
})();
