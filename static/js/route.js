// Enhancements for the comparison and the route planner; both forms work without this module.
//
// - After a "Move up", "Move down", "Remove" or "Add", the page reloads at the canonical address:
//   focus returns to the country that moved (or to the "Add a country" list) and the change is
//   announced, so that keyboard and screen-reader users keep their place.
// - Picking a country with the mouse adds it at once; the keyboard keeps the explicit button,
//   because arrow keys change a closed list's value with every press.
// - On the comparison, "Show only the questions where the countries differ" filters the rows in
//   place and keeps the address, the print view and the downloads in step.

const STORAGE_KEY = "handbook:planner-last-action";
const form = document.querySelector("form[data-planner-form]");

function announce(message) {
    const status = form?.querySelector("[data-planner-status]");
    if (status && message) status.textContent = message;
}

function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

function rememberAction(event) {
    const button = event.submitter;
    const select = form.querySelector("select[name=add]");
    let record = null;
    if (button?.dataset.action) {
        const row = button.closest("li[data-code]");
        const name = row?.querySelector(".chosen-countries__name")?.textContent;
        record = { action: button.dataset.action, code: row?.dataset.code, name };
    } else if (select && select.value) {
        record = { action: "add", code: select.value, name: select.selectedOptions[0]?.textContent };
    }
    try {
        if (record) sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...record, path: location.pathname }));
    } catch {
        // Storage may be unavailable (private mode); the form works all the same.
    }
}

function restoreAction() {
    let record;
    try {
        record = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
        sessionStorage.removeItem(STORAGE_KEY);
    } catch {
        return;
    }
    if (!record || record.path !== location.pathname) return;
    const rows = [...form.querySelectorAll("li[data-code]")];
    const row = rows.find((item) => item.dataset.code === record.code);
    const select = form.querySelector("select[name=add]");
    const values = { country: record.name || record.code, position: rows.indexOf(row) + 1, count: rows.length };
    if (record.action === "up" || record.action === "down") {
        const target =
            row?.querySelector(`button[data-action=${record.action}]`) ||
            row?.querySelector("button[data-action=up], button[data-action=down]");
        target?.focus();
        announce(fill(form.dataset.movedMessage, values));
    } else if (record.action === "remove") {
        (select && !select.disabled ? select : form.querySelector("button[type=submit]:not([name])"))?.focus();
        announce(fill(form.dataset.removedMessage, values));
    } else if (record.action === "add" && row) {
        row.querySelector("button[data-action=remove]")?.focus();
        announce(fill(form.dataset.addedMessage, values));
    }
}

function addOnPointerChoice() {
    const select = form.querySelector("select[name=add]");
    if (!select) return;
    let byPointer = false;
    select.addEventListener("pointerdown", () => {
        byPointer = true;
    });
    select.addEventListener("keydown", () => {
        byPointer = false;
    });
    select.addEventListener("change", () => {
        if (byPointer && select.value) form.requestSubmit();
    });
}

function filterDifferingRows() {
    const toggle = form.querySelector("input[data-differing-toggle]");
    if (!toggle) return;
    toggle.addEventListener("change", () => {
        const only = toggle.checked;
        for (const row of document.querySelectorAll("tr[data-same]")) row.hidden = only;
        for (const section of document.querySelectorAll("tbody[data-compare-section]")) {
            section.hidden = only && !section.querySelector("tr[data-differs]");
        }
        const links = [...document.querySelectorAll("a[data-carry-filter]")].map((link) => [link, link.href]);
        for (const [link, href] of [...links, [null, location.href]]) {
            const url = new URL(href);
            if (only) url.searchParams.set("differing", "1");
            else url.searchParams.delete("differing");
            if (link) link.href = url.toString();
            else history.replaceState(null, "", url);
        }
        announce(only ? form.dataset.differingMessage : form.dataset.allRowsMessage);
    });
}

if (form) {
    form.addEventListener("submit", rememberAction);
    restoreAction();
    addOnPointerChoice();
    filterDifferingRows();
}
