// Keep a draft of the requests on the officer's own computer, encrypted with a passphrase.
//
// The handbook stores nothing of a case (drafting/views.py), so a draft that must outlive the page
// is saved as a file. The passphrase and the values never leave the browser: this module makes no
// request of any kind. The file is JSON: the format, the route and how the key was made are in
// clear (to recognise the file and to refuse another route's draft before asking for anything);
// every value typed is inside the AES-GCM ciphertext, whose tag also tells a wrong passphrase
// from a right one. The key comes from the passphrase through PBKDF2-SHA-256 (OWASP's 2023 figure
// of 600,000 iterations), with a random salt and IV for every save.
//
// Without this module (or without Web Crypto, which needs HTTPS) the section stays hidden and the
// form works as before.

const FORMAT = "controlled-delivery-handbook-draft";
const VERSION = 1;
const ITERATIONS = 600_000;
// A file from elsewhere may name its own count; refuse one that would freeze the page.
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const MIN_PASSPHRASE = 12;
// More than any real draft (about 40 fields of at most 20,000 characters, 30 persons).
const MAX_FILE_BYTES = 16 * 1024 * 1024;
// drafting.draft.PersonFormSet's absolute_max: the server refuses more rows.
const MAX_PERSON_ROWS = 30;
// Posted by the form, but not part of a draft.
const NOT_SAVED = new Set(["csrfmiddlewaretoken", "render"]);
const PERSON_INDEX = /persons-\d+-/g;
const ROUTE_CODE = /^[A-Z]{2}$/;
// Controls whose value is typed, as opposed to chosen or set by the page (hidden inputs).
const TYPED = new Set(["text", "search", "email", "tel", "url", "number", "date", "time", "datetime-local"]);

const vault = document.querySelector("section[data-draft-vault]");
const form = document.querySelector("form[data-draft-form]");

class Unreadable extends Error {}
class OtherRoute extends Error {
    constructor(route) {
        super("other route");
        this.route = route;
    }
}

function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

function routeOfPage() {
    return (form.dataset.route || "").split(/\s+/).filter(Boolean);
}

function sameRoute(route) {
    const page = routeOfPage();
    return route.length === page.length && route.every((code, index) => code === page[index]);
}

// Base64 of bytes, in slices: a draft's ciphertext is too long for one String.fromCharCode call.
function toBase64(bytes) {
    let binary = "";
    for (let start = 0; start < bytes.length; start += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
    }
    return btoa(binary);
}

function fromBase64(text, length) {
    if (typeof text !== "string") throw new Unreadable("not base64");
    let binary;
    try {
        binary = atob(text);
    } catch {
        throw new Unreadable("not base64");
    }
    if (length !== undefined && binary.length !== length) throw new Unreadable("wrong length");
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

// The passphrase as typed, in one Unicode form, so that the same words typed on another system open the file.
function passphraseBytes(passphrase) {
    return new TextEncoder().encode(passphrase.normalize("NFC"));
}

async function deriveKey(passphrase, salt, iterations) {
    const material = await crypto.subtle.importKey("raw", passphraseBytes(passphrase), "PBKDF2", false, [
        "deriveKey",
    ]);
    return crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt, iterations },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
    );
}

// The controls of the form that make a draft: every named one but the token and the buttons.
function draftControls() {
    return [...form.elements].filter(
        (control) =>
            control.name &&
            !NOT_SAVED.has(control.name) &&
            !["button", "submit", "reset", "file", "fieldset", "output"].includes(control.type),
    );
}

function readFields() {
    const fields = {};
    for (const control of draftControls()) {
        if (control.type === "radio" || control.type === "checkbox") {
            if (control.checked) fields[control.name] = control.value;
        } else if (control.type === "select-multiple") {
            fields[control.name] = [...control.selectedOptions].map((option) => option.value);
        } else {
            fields[control.name] = control.value;
        }
    }
    return fields;
}

function localDate(date) {
    const pad = (number) => String(number).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later rather than at once: the browser may still be reading it.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function encryptDraft(passphrase) {
    const now = new Date();
    const route = routeOfPage();
    const draft = { format: FORMAT, version: VERSION, route, saved: now.toISOString(), fields: readFields() };
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const key = await deriveKey(passphrase, salt, ITERATIONS);
    const plaintext = new TextEncoder().encode(JSON.stringify(draft));
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plaintext));
    const file = {
        format: FORMAT,
        version: VERSION,
        route,
        kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: toBase64(salt) },
        cipher: { name: "AES-GCM", iv: toBase64(iv) },
        data: toBase64(ciphertext),
    };
    return { file, name: `draft-${route.join("-")}-${localDate(now)}.cddraft` };
}

function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkedRoute(route) {
    if (!Array.isArray(route) || !route.every((code) => typeof code === "string" && ROUTE_CODE.test(code))) {
        throw new Unreadable("no route");
    }
    if (!sameRoute(route)) throw new OtherRoute(route);
    return route;
}

// The file's envelope, checked before any work: a file that is not a draft, or another route's.
function readEnvelope(text) {
    let file;
    try {
        file = JSON.parse(text);
    } catch {
        throw new Unreadable("not JSON");
    }
    if (!isObject(file) || file.format !== FORMAT || file.version !== VERSION) throw new Unreadable("not a draft");
    const { kdf, cipher } = file;
    if (!isObject(kdf) || kdf.name !== "PBKDF2" || kdf.hash !== "SHA-256") throw new Unreadable("kdf");
    if (!Number.isInteger(kdf.iterations) || kdf.iterations < 1 || kdf.iterations > MAX_ITERATIONS) {
        throw new Unreadable("iterations");
    }
    if (!isObject(cipher) || cipher.name !== "AES-GCM") throw new Unreadable("cipher");
    const envelope = {
        iterations: kdf.iterations,
        salt: fromBase64(kdf.salt, SALT_BYTES),
        iv: fromBase64(cipher.iv, IV_BYTES),
        data: fromBase64(file.data),
    };
    if (file.route !== undefined) checkedRoute(file.route);
    return envelope;
}

class WrongPassphrase extends Error {}

async function decryptDraft(envelope, passphrase) {
    const key = await deriveKey(passphrase, envelope.salt, envelope.iterations);
    let plaintext;
    try {
        plaintext = await crypto.subtle.decrypt({ name: "AES-GCM", iv: envelope.iv }, key, envelope.data);
    } catch {
        // The tag does not match: another passphrase, or a file changed since it was saved.
        throw new WrongPassphrase("authentication failed");
    }
    let draft;
    try {
        draft = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext));
    } catch {
        throw new Unreadable("not JSON inside");
    }
    if (!isObject(draft) || draft.format !== FORMAT || draft.version !== VERSION || !isObject(draft.fields)) {
        throw new Unreadable("not a draft inside");
    }
    // The route inside is the one the tag vouches for.
    checkedRoute(draft.route);
    return draft;
}

// Person rows ----------------------------------------------------------------------------------

function personRows() {
    return [...form.querySelectorAll("fieldset[data-person-row]")];
}

function personRowsIn(fields) {
    let count = Number.parseInt(fields["persons-TOTAL_FORMS"], 10) || 0;
    for (const name of Object.keys(fields)) {
        const match = /^persons-(\d+)-/.exec(name);
        if (match) count = Math.max(count, Number(match[1]) + 1);
    }
    return Math.min(count, MAX_PERSON_ROWS);
}

function renumber(element, index) {
    for (const attribute of ["id", "name", "for", "aria-describedby", "aria-labelledby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(PERSON_INDEX, `persons-${index}-`));
    }
}

// A copy of the last row, numbered `index`, blank and without the last row's errors.
function addPersonRow(index) {
    const rows = personRows();
    const last = rows[rows.length - 1];
    const row = last.cloneNode(true);
    const legend = row.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(String(rows.length), String(index + 1));
    for (const error of row.querySelectorAll(".field__error")) error.remove();
    for (const element of row.querySelectorAll("[id], [name], [for], [aria-describedby], [aria-labelledby]")) {
        renumber(element, index);
        element.removeAttribute("aria-invalid");
    }
    // Only descriptions that exist: the removed errors, or a help text the row does not show, go.
    const exists = (id) => row.querySelector(`#${CSS.escape(id)}`) || document.getElementById(id);
    for (const element of row.querySelectorAll("[aria-describedby]")) {
        const kept = element.getAttribute("aria-describedby").split(/\s+/).filter((id) => id && exists(id));
        if (kept.length) element.setAttribute("aria-describedby", kept.join(" "));
        else element.removeAttribute("aria-describedby");
    }
    for (const control of row.querySelectorAll("input, textarea, select")) {
        if (control.tagName === "SELECT") {
            const chosen = [...control.options].find((option) => option.defaultSelected) || control.options[0];
            if (chosen) chosen.selected = true;
        } else if (control.type === "checkbox" || control.type === "radio") {
            control.checked = false;
        } else {
            control.value = "";
            control.defaultValue = "";
        }
    }
    last.after(row);
}

function makeRoomForPersons(count) {
    while (personRows().length < count) addPersonRow(personRows().length);
    const total = form.elements.namedItem("persons-TOTAL_FORMS");
    if (total) total.value = String(personRows().length);
}

// Setting the values ---------------------------------------------------------------------------

function setControl(control, value) {
    if (control.type === "radio" || control.type === "checkbox") {
        control.checked = control.value === value;
    } else if (control.type === "select-multiple") {
        const chosen = new Set(Array.isArray(value) ? value : [value]);
        for (const option of control.options) option.selected = chosen.has(option.value);
    } else if (control.type === "select-one") {
        // A choice the page no longer offers (an authority since removed) keeps the page's own.
        if ([...control.options].some((option) => option.value === value)) control.value = value;
    } else if (typeof value === "string") {
        control.value = value;
    }
}

function writeFields(fields) {
    makeRoomForPersons(personRowsIn(fields));
    for (const control of draftControls()) {
        // The page's own count of rows, not the file's: every row on the page is posted.
        if (control.name === "persons-TOTAL_FORMS") continue;
        if (Object.hasOwn(fields, control.name)) {
            setControl(control, fields[control.name]);
        } else if (control.tagName === "TEXTAREA" || TYPED.has(control.type)) {
            // A text the draft does not have is emptied rather than left holding what was there before.
            control.value = "";
        }
    }
}

// The section ----------------------------------------------------------------------------------

function setUp() {
    const passphrase = vault.querySelector("[data-vault-passphrase]");
    const fileInput = vault.querySelector("[data-vault-file]");
    const status = vault.querySelector("[data-vault-status]");
    let busy = false;

    function announce(message, { problem = false, focus = null } = {}) {
        status.dataset.state = problem ? "problem" : "done";
        // Emptied first, so that the same message said twice is read twice.
        status.textContent = "";
        window.setTimeout(() => {
            status.textContent = message;
        }, 50);
        focus?.focus();
    }

    function problem(message, focus) {
        announce(message, { problem: true, focus });
        if (focus === passphrase) passphrase.select();
    }

    function longEnough() {
        if ([...passphrase.value].length >= MIN_PASSPHRASE) return true;
        problem(vault.dataset.shortMessage, passphrase);
        return false;
    }

    async function save() {
        if (!longEnough()) return;
        const { file, name } = await encryptDraft(passphrase.value);
        download(new Blob([JSON.stringify(file)], { type: "application/json" }), name);
        announce(fill(vault.dataset.savedMessage, { name }));
    }

    async function open() {
        const chosen = fileInput.files?.[0];
        if (!chosen) {
            problem(vault.dataset.noFileMessage, fileInput);
            return;
        }
        if (!passphrase.value) {
            problem(vault.dataset.shortMessage, passphrase);
            return;
        }
        try {
            if (chosen.size > MAX_FILE_BYTES) throw new Unreadable("too large");
            const envelope = readEnvelope(await chosen.text());
            const draft = await decryptDraft(envelope, passphrase.value);
            writeFields(draft.fields);
            announce(vault.dataset.openedMessage);
        } catch (error) {
            if (error instanceof WrongPassphrase) problem(vault.dataset.wrongMessage, passphrase);
            else if (error instanceof OtherRoute) {
                problem(fill(vault.dataset.otherRouteMessage, { route: error.route.join(" → ") }), fileInput);
            } else if (error instanceof Unreadable) problem(vault.dataset.unreadableMessage, fileInput);
            else throw error;
        }
    }

    // One operation at a time: deriving a key takes a moment, and a second click must not start another.
    function guarded(work) {
        return async () => {
            if (busy) return;
            busy = true;
            vault.setAttribute("aria-busy", "true");
            try {
                await work();
            } finally {
                busy = false;
                vault.removeAttribute("aria-busy");
            }
        };
    }

    vault.querySelector("[data-vault-save]").addEventListener("click", guarded(save));
    vault.querySelector("[data-vault-open]").addEventListener("click", guarded(open));
    vault.hidden = false;
}

if (vault && form && window.isSecureContext && window.crypto?.subtle) setUp();
