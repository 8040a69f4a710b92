// Waymark front-end entry point (ES module, loaded at the end of <body>).
// The import is relative so it still resolves when static files are served
// under hashed names (whitenoise's manifest storage).
import { initAll } from "./../govuk/govuk-frontend.min.js";

// Set here rather than in an inline script, which the Content-Security-Policy
// forbids. A browser that runs ES modules supports GOV.UK Frontend's JavaScript.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A long list (every country) becomes a type-ahead box. Without JavaScript it
// stays an ordinary <select>, so the form works either way.
if (window.accessibleAutocomplete) {
  document.querySelectorAll("select[data-waymark-autocomplete]").forEach((select) => {
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      dropdownArrow: () => "",
    });
  });
}
