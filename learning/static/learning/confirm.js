// Ask before cancelling a seat, leaving a waiting list or dropping a session.
// Without JavaScript the form GETs a confirm page whose button POSTs. With it, the same
// question opens in a modal <dialog> (focus trapped by the browser, Escape closes it) and
// "yes" POSTs straight away with the CSRF token from the cookie.
(function () {
  "use strict";
  if (window.nihongoConfirmReady) { return; }
  window.nihongoConfirmReady = true;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function buildDialog(form) {
    const dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    const heading = document.createElement("h2");
    heading.id = "confirm-dialog-heading";
    heading.textContent = form.dataset.confirm;
    dialog.setAttribute("aria-labelledby", heading.id);
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button";
    yes.dataset.confirmYes = "";
    yes.textContent = form.dataset.confirmYes;
    const no = document.createElement("button");
    no.type = "button";
    no.className = "button button--secondary";
    no.textContent = form.dataset.confirmNo;
    const actions = document.createElement("p");
    actions.append(yes, " ", no);
    dialog.append(heading, actions);
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      const opener = form.querySelector("button[type=submit]");
      if (opener && document.contains(opener) && !dialog.dataset.sent) { opener.focus(); }
    });
    yes.addEventListener("click", () => {
      dialog.dataset.sent = "1";
      const post = document.createElement("form");
      post.method = "post";
      post.action = form.action;
      for (const [name, value] of [["csrfmiddlewaretoken", csrfToken()],
        ["next", (form.querySelector("[name=next]") || {}).value || ""]]) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        post.append(input);
      }
      document.body.append(post);
      post.submit();
    });
    return dialog;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) { return; }
    if (!csrfToken() || typeof HTMLDialogElement === "undefined") { return; } // the confirm page asks
    event.preventDefault();
    const dialog = buildDialog(form);
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector("[data-confirm-yes]").focus();
  });
})();
