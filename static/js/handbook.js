// Progressive enhancements; every page works without this module.

// Filter panels are <details>: closed on a phone unless filters are active, open on a wide screen.
const wide = window.matchMedia("(min-width: 48rem)");
function openFiltersOnWideScreens() {
    for (const panel of document.querySelectorAll("details[data-filters]")) {
        if (wide.matches) panel.open = true;
    }
}
openFiltersOnWideScreens();
wide.addEventListener("change", openFiltersOnWideScreens);
