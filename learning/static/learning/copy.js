// "Copy the address" beside a read-only field: shown only where the Clipboard API exists
// (without it the field stays selectable by hand); the result is announced in a status region.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    const field = document.getElementById(button.dataset.copyTarget);
    const status = button.parentElement.querySelector(".copy-status");
    if (!field) { continue; }
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) { status.textContent = button.dataset.copied; }
      } catch (error) {
        field.select();
      }
    });
  }
})();
