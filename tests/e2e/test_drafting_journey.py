"""Browser journeys through the drafting of a route's requests: the demo official plans a route,
drafts the requests to the States on it, downloads every document, keeps the draft on their own
computer encrypted with a passphrase and opens it again in a fresh form; the form passes axe on a
desktop and a phone in English, French and Russian, and makes a document without JavaScript."""

import base64
import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Browser, Download, Page, expect

from tests.drafting.files import docx_text
from tests.e2e.test_accessibility import check_desktop_and_phone, open_page, sign_in
from tests.e2e.test_route_journey import ROUTE, build_route

CODES = ["AL", "MK", "RS", "HU"]
FORM = "/route/requests/?c=AL&c=MK&c=RS&c=HU"
REQUESTED = {"MK": "North Macedonia", "RS": "Serbia", "HU": "Hungary"}
PASSPHRASE = "correct horse battery staple 2026"
WRONG_PASSPHRASE = "incorrect horse battery staple"
DRAFT_FILE = re.compile(r"draft-AL-MK-RS-HU-\d{4}-\d{2}-\d{2}\.cddraft")

# What the officer types; the facts and a person are in Cyrillic, as a Russian-speaking desk writes them.
TEXTS = {
    "Requesting authority": "Sample State Police, Anti-Drug Directorate",
    "Officer in charge": "Inspector Sample Officer, Anti-Drug Directorate",
    "24/7 number of the officer or desk": "+44 20 7946 0990",
    "Case reference": "AL/2026/117-CD",
    "Classification marking": "RESTRICTED",
    "Offences": "Trafficking in narcotic drugs, organised group",
    "Legal qualification": "Criminal Code of Albania, Art. 283/a",
    "Facts and investigation so far": "Курьер везёт 40 кг героина из Дурреса в Будапешт грузовиком.",
    "Purpose of the controlled delivery": "Identify the recipients in Hungary",
    "Substances or goods": "Heroin",
    "Estimated quantity": "40 kg",
}
CROSSING_DATES = {"Albania → North Macedonia": "2026-12-20", "Serbia → Hungary": "2026-12-22"}
ZIP_FILES = [("request", "docx"), ("request", "pdf"), ("notice", "pdf")]
FIRST_PERSON = "Образец Курьеров"
FOURTH_PERSON = "Driver Two"
PERSON_DETAILS_HELP = "Address, telephone numbers, part in the offence."


def sign_in_as(page: Page, live_server, username, password):
    open_page(page, live_server, "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out ({username})")).to_be_attached()


def person(page: Page, number: int):
    return page.get_by_role("group", name=f"Person {number}", exact=True)


def crossing_date(page: Page, border: str):
    return page.get_by_label(f"Expected date: {border}")


def downloaded(download: Download) -> bytes:
    with open(download.path(), "rb") as file:
        return file.read()


def fill_the_form(page: Page):
    for label, text in TEXTS.items():
        page.get_by_label(label).fill(text)
    page.get_by_label("Receiving authority in North Macedonia").select_option(index=1)
    page.get_by_label("Substitution requested").select_option("partial")
    person(page, 1).get_by_label("Role").select_option("courier")
    person(page, 1).get_by_label("Name").fill(FIRST_PERSON)
    for border, date in CROSSING_DATES.items():
        crossing_date(page, border).fill(date)


def expect_the_values(page: Page, authority_mk: str):
    """The values `fill_the_form` typed, and the fourth person added after the check."""
    for label, text in TEXTS.items():
        expect(page.get_by_label(label)).to_have_value(text)
    expect(page.get_by_label("Receiving authority in North Macedonia")).to_have_value(authority_mk)
    expect(page.get_by_label("Substitution requested")).to_have_value("partial")
    expect(person(page, 1).get_by_label("Role")).to_have_value("courier")
    expect(person(page, 1).get_by_label("Name")).to_have_value(FIRST_PERSON)
    expect(person(page, 4).get_by_label("Name")).to_have_value(FOURTH_PERSON)
    for border, date in CROSSING_DATES.items():
        expect(crossing_date(page, border)).to_have_value(date)
    expect(crossing_date(page, "North Macedonia → Serbia")).to_have_value("")


def decrypt_in_the_browser(page: Page, file: dict, passphrase: str) -> dict:
    """The plaintext of a saved draft, decrypted as the README describes, apart from drafts.js."""
    return page.evaluate(
        """async ([file, passphrase]) => {
            const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
            const material = await crypto.subtle.importKey(
                "raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
            const key = await crypto.subtle.deriveKey(
                {name: "PBKDF2", hash: file.kdf.hash, salt: bytes(file.kdf.salt), iterations: file.kdf.iterations},
                material, {name: "AES-GCM", length: 256}, false, ["decrypt"]);
            const plain = await crypto.subtle.decrypt(
                {name: "AES-GCM", iv: bytes(file.cipher.iv)}, key, bytes(file.data));
            return JSON.parse(new TextDecoder().decode(plain));
        }""",
        [file, passphrase],
    )


def test_the_demo_official_drafts_downloads_saves_and_reopens_the_requests(
    page: Page, live_server, demo_official, browser_problems
):
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    sign_in_as(page, live_server, *demo_official)
    build_route(page, live_server, ROUTE)
    page.get_by_role("link", name="Draft the requests to these States").click()
    expect(page).to_have_url(f"{live_server.url}{FORM}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft the requests")
    expect(page.get_by_label("Case reference")).to_have_accessible_description(
        "Your own reference; it is printed on every page."
    )
    expect(person(page, 1).get_by_label("Details")).to_have_accessible_description(PERSON_DETAILS_HELP)

    # One request per State after the origin, each with what it still lacks.
    expect(page.locator("[data-missing=AL]")).to_have_count(0)
    for code, name in REQUESTED.items():
        expect(page.locator(f"#state-{code}-heading")).to_contain_text(name)
        expect(page.locator(f"ul[data-missing={code}]")).to_contain_text("Case reference")
    vault = page.locator("section[data-draft-vault]")
    expect(vault).to_be_visible()
    status = vault.locator("[data-vault-status]")

    fill_the_form(page)
    authority_mk = page.get_by_label("Receiving authority in North Macedonia").input_value()
    page.get_by_role("button", name="Check what is missing").first.click()
    expect(page.locator("ul[data-missing=MK]")).to_contain_text("Operation commander")
    expect(page.locator("ul[data-missing=MK]")).not_to_contain_text("Case reference")
    expect(page.locator("ul[data-missing=MK]")).not_to_contain_text("Officer in charge")
    expect(page.get_by_label("Facts and investigation so far")).to_have_value(TEXTS["Facts and investigation so far"])
    # Checking adds blank rows for more persons: the fourth gets a name.
    expect(page.locator("fieldset[data-person-row]")).to_have_count(5)
    person(page, 4).get_by_label("Name").fill(FOURTH_PERSON)

    # Every document in one ZIP: per requested State the request as DOCX and PDF and the notice.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Every document (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(downloaded(download_info.value)))
    expected = {f"draft-{name}-{code}.{ext}" for code in REQUESTED for name, ext in ZIP_FILES}
    assert set(archive.namelist()) == expected
    for name in expected:
        assert archive.read(name).startswith(b"%PDF" if name.endswith(".pdf") else b"PK"), name
    body, header = docx_text(archive.read("draft-request-MK.docx"))
    assert TEXTS["Case reference"] in body + header
    assert TEXTS["Facts and investigation so far"] in body
    assert FIRST_PERSON in body

    # A passphrase too short saves nothing.
    passphrase = vault.get_by_label("Passphrase")
    passphrase.fill("too short")
    vault.get_by_role("button", name="Save the draft encrypted").click()
    expect(status).to_have_text("Choose a passphrase of at least 12 characters.")
    expect(passphrase).to_be_focused()
    assert len(downloads) == 1

    # Saved with the keyboard alone: type the passphrase, Tab to the button, Enter.
    passphrase.fill("")
    page.keyboard.type(PASSPHRASE)
    page.keyboard.press("Tab")
    expect(vault.get_by_role("button", name="Save the draft encrypted")).to_be_focused()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    saved = download_info.value
    assert DRAFT_FILE.fullmatch(saved.suggested_filename), saved.suggested_filename
    expect(status).to_have_text(f"The draft was saved encrypted as {saved.suggested_filename}.")
    text = downloaded(saved).decode("utf-8")
    file = json.loads(text)
    assert file["format"] == "controlled-delivery-handbook-draft" and file["version"] == 1
    assert file["kdf"]["name"] == "PBKDF2" and file["kdf"]["hash"] == "SHA-256"
    assert file["kdf"]["iterations"] == 600_000
    assert len(base64.b64decode(file["kdf"]["salt"])) == 16
    assert file["cipher"] == {"name": "AES-GCM", "iv": file["cipher"]["iv"]}
    assert len(base64.b64decode(file["cipher"]["iv"])) == 12
    assert set(file) <= {"format", "version", "route", "kdf", "cipher", "data"}
    # Nothing typed is in clear, in any spelling JSON could give it.
    for typed in [*TEXTS.values(), FIRST_PERSON, FOURTH_PERSON, "2026-12-20", "courier"]:
        for spelling in (typed, json.dumps(typed)[1:-1], json.dumps(typed, ensure_ascii=False)[1:-1]):
            assert spelling not in text, typed
    # The README's description of the file is enough to decrypt it.
    plaintext = decrypt_in_the_browser(page, file, PASSPHRASE)
    assert plaintext["format"] == "controlled-delivery-handbook-draft" and plaintext["route"] == CODES
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T.+Z", plaintext["saved"])
    fields = plaintext["fields"]
    assert fields["reference"] == TEXTS["Case reference"] and fields["persons-3-name"] == FOURTH_PERSON
    assert fields["persons-TOTAL_FORMS"] == "5" and fields["status"] == "draft"
    assert fields["authority-MK"] == authority_mk
    assert "csrfmiddlewaretoken" not in fields and "render" not in fields

    # A fresh form: nothing was kept.
    open_page(page, live_server, FORM)
    expect(page.get_by_label("Case reference")).to_have_value("")
    expect(page.locator("fieldset[data-person-row]")).to_have_count(3)
    file_input = vault.get_by_label("Saved draft")
    open_button = vault.get_by_role("button", name="Open the saved draft")

    open_button.click()
    expect(status).to_have_text("Choose the file of a saved draft first.")

    file_input.set_input_files(
        files=[{"name": "notes.cddraft", "mimeType": "application/json", "buffer": b'{"notes": "not a draft"}'}]
    )
    passphrase.fill(PASSPHRASE)
    open_button.click()
    expect(status).to_have_text("This file is not a saved draft of the handbook.")

    file_input.set_input_files(saved.path())
    passphrase.fill(WRONG_PASSPHRASE)
    open_button.click()
    expect(status).to_have_text("This passphrase does not open this file, or the file was changed.")
    expect(passphrase).to_be_focused()
    expect(page.get_by_label("Case reference")).to_have_value("")
    expect(page.get_by_label("Facts and investigation so far")).to_have_value("")
    expect(page.locator("fieldset[data-person-row]")).to_have_count(3)

    # Focus stays usable: the passphrase is selected, ready to be typed again.
    page.keyboard.type("x")
    expect(passphrase).to_have_value("x")
    passphrase.fill(PASSPHRASE)
    open_button.click()
    expect(status).to_have_text("The draft was opened: the form holds its values.")
    # The draft had five person rows: the page made the two it lacked, numbered as the server would.
    expect(page.locator("fieldset[data-person-row]")).to_have_count(5)
    expect(page.locator("#id_persons-TOTAL_FORMS")).to_have_value("5")
    expect(person(page, 5).get_by_label("Name")).to_have_attribute("id", "id_persons-4-name")
    expect(person(page, 5).get_by_label("Name")).to_have_value("")
    expect(person(page, 5).get_by_label("Details")).to_have_accessible_description(PERSON_DETAILS_HELP)
    expect_the_values(page, authority_mk)

    # The server reads the reopened form as the one typed: the fourth person (a row the page made) too.
    page.get_by_role("button", name="Check what is missing").first.click()
    expect(page.locator("ul[data-missing=MK]")).to_contain_text("Operation commander")
    expect(page.locator("ul[data-missing=MK]")).not_to_contain_text("Case reference")
    expect_the_values(page, authority_mk)

    # The same file on another route's form is refused before anything is filled in.
    open_page(page, live_server, "/route/requests/?c=AL&c=MK&c=RS")
    vault.get_by_label("Saved draft").set_input_files(saved.path())
    vault.get_by_label("Passphrase").fill(PASSPHRASE)
    vault.get_by_role("button", name="Open the saved draft").click()
    expect(status).to_have_text("This draft is for another route: AL → MK → RS → HU. Open it from that route’s form.")
    expect(page.get_by_label("Case reference")).to_have_value("")

    # A download ends its navigation as "aborted": that is how Chromium reports it, not a failure.
    problems = [
        problem
        for problem in browser_problems
        if not any(problem.startswith(f"failed load: {download.url}") for download in downloads)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["", "/fr", "/ru"], ids=["en", "fr", "ru"])
def test_the_drafting_form_is_accessible_and_fits_a_phone(
    page: Page, live_server, sample_data, official, browser_problems, language
):
    sign_in(page, live_server, official)
    path = f"{language}{FORM}"
    open_page(page, live_server, path)
    expect(page.locator("section[data-draft-vault]")).to_be_visible()
    expect(page.locator("ul[data-missing=MK]")).to_be_visible()
    # Open every detail, so that axe checks what they hide too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = check_desktop_and_phone(page, path, "(official)")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)


def test_the_drafting_form_makes_a_document_without_javascript(browser: Browser, live_server, sample_data, official):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, official)
        open_page(page, live_server, FORM)
        expect(page.locator("section[data-draft-vault]")).to_be_hidden()
        page.get_by_label("Case reference").fill(TEXTS["Case reference"])
        with page.expect_download() as download_info:
            page.locator("#state-MK").get_by_role("button", name="Request (DOCX)").click()
        download = download_info.value
        assert download.suggested_filename == "draft-request-MK.docx"
        body, header = docx_text(downloaded(download))
        assert TEXTS["Case reference"] in body + header
    finally:
        context.close()
