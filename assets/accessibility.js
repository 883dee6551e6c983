/* Names for controls whose Dash component offers no aria-label property (the year slider's
   thumb). Loaded by Dash from assets/; it only sets attributes, and fetches nothing. */
(function () {
  function label() {
    document.querySelectorAll("#year-slider [role='slider']").forEach(function (thumb) {
      if (!thumb.getAttribute("aria-label")) {
        const label = document.querySelector("label[for='year-slider']");
        thumb.setAttribute("aria-label", label ? label.textContent : "");
      }
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();
