"""The requests as their reader gets them: each State's DOCX and PDF, and the DOCX as LibreOffice
prints it, hold the reference, the addressee and the legal basis of the route plan, with the
marking and "page X of Y" on every page; the basis is the plan's for every pair; warnings follow
the State's answers; hostile text comes back as typed."""

import re

import pytest
from django.utils import timezone

from contacts.models import Authority
from countries.models import Answer, Country, Question
from drafting.dossier import dossier_for
from tests.drafting.drafts import HANDLING_CODE, MARKING, REFERENCE, ROUTE, full_draft, post_form, render
from tests.drafting.files import (
    docx_footer_fields,
    docx_header,
    docx_part,
    docx_properties,
    docx_text,
    flat,
    libreoffice_pdf,
    pdf_info,
    pdf_pages,
    pdf_text,
)

TOOLS = ("weasyprint", "python-docx", "python_docx")


def first_receiver(code):
    """The authority a request goes to when none is chosen: single points of contact first, then
    authorities reachable 24/7, then by name."""
    return (
        Authority.objects.filter(country__code=code, receives_requests=True)
        .order_by("-is_single_point_of_contact", "-is_24_7", "name", "pk")
        .first()
    )


def basis_line(item):
    """The request's line for an instrument of the plan: "ETS 182: Art. 18 (Controlled delivery)";
    the articles' titles are the handbook's, the plan gives the articles only."""
    articles = "; ".join(re.escape(article) + r"(?: \([^()]*\))?" for article in item["provisions"])
    return re.compile(re.escape(item["instrument"]) + ": " + articles)


def lines(page):
    return [line for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("code", ["MK", "RS", "HU"])
def test_each_request_holds_what_the_state_needs_on_every_page(signed_in, tmp_path, code):
    applies = signed_in.get(f"/route/plan.json?c=AL&c={code}").json()["legs"][0]["applies"]
    assert applies, "a pair with no instrument would check no basis"
    receiver = first_receiver(code)
    assert receiver is not None
    draft = full_draft()
    as_docx = render(signed_in, draft, country=code, format="docx")
    as_pdf = render(signed_in, draft, country=code, format="pdf")
    assert as_docx.status_code == as_pdf.status_code == 200
    assert as_docx["Content-Disposition"] == f'attachment; filename="draft-request-{code}.docx"'
    assert as_pdf["Content-Type"] == "application/pdf"

    body, header_and_footer = docx_text(as_docx.content)
    printed = libreoffice_pdf(as_docx.content, tmp_path)
    texts = {
        "DOCX": body + "\n" + header_and_footer,
        "LibreOffice's PDF": pdf_text(printed),
        "our PDF": pdf_text(as_pdf.content),
    }
    for where, text in texts.items():
        text = flat(text)
        assert REFERENCE in text, where
        assert flat(receiver.name) in text, where
        for item in applies:
            assert basis_line(item).search(text), f"{where}: {item['instrument']} {item['provisions']}"

    # The DOCX has one running head and one footer, whose page numbers are fields the word
    # processor fills in on each page.
    header = docx_header(as_docx.content)
    assert MARKING in header and HANDLING_CODE in header and "DRAFT" in header
    assert docx_footer_fields(as_docx.content) == ["PAGE", "NUMPAGES"]
    assert REFERENCE in header_and_footer

    for where, pdf in (("LibreOffice's PDF", printed), ("our PDF", as_pdf.content)):
        pages = pdf_pages(pdf)
        count = int(pdf_info(pdf)["Pages"])
        assert count == len(pages) > 1, where
        for number, page in enumerate(pages, start=1):
            head, foot = lines(page)[0], lines(page)[-1]
            assert MARKING in head and HANDLING_CODE in head and "DRAFT" in head, f"{where}, page {number}: {head}"
            assert REFERENCE in foot and f"page {number} of {count}" in foot, f"{where}, page {number}: {foot}"


def test_the_files_name_no_author_and_no_tool(signed_in):
    draft = full_draft()
    as_pdf = render(signed_in, draft, country="MK", format="pdf")
    notice = render(signed_in, draft, country="MK", format="notice")
    as_docx = render(signed_in, draft, country="MK", format="docx")
    for pdf in (as_pdf.content, notice.content):
        info = pdf_info(pdf)
        assert "Author" not in info
        for key in ("Producer", "Creator"):
            assert not any(tool in info.get(key, "").lower() for tool in TOOLS), info
        assert b"weasyprint" not in pdf.lower()
    properties, parts = docx_properties(as_docx.content)
    assert (properties.author, properties.last_modified_by, properties.comments) == ("", "", "")
    assert parts, "a DOCX has docProps"
    for name, xml in parts.items():
        assert not any(tool in xml.lower() for tool in TOOLS), name


def test_the_legal_basis_is_the_plans_for_every_pair(signed_in, official):
    """For every requested State, whichever State requests, the basis is the plan's `applies` for
    the pair, in its order; an instrument that only may apply is never cited. The requesting State
    may be the origin, a transit State or a State off the route (Hungary, an EU Member State, for
    Austria: the EU instruments decide there)."""
    countries = [Country.objects.get(code=code) for code in ROUTE]
    an_instrument_may_apply = False
    for requesting in ("AL", "MK", "AT"):
        dossier = dossier_for(
            countries=countries,
            requesting=Country.objects.get(code=requesting),
            user=official,
            today=timezone.localdate(),
        )
        others = [code for code in ROUTE if code != requesting]
        assert [state.code for state in dossier.requested] == others
        for code in others:
            leg = signed_in.get(f"/route/plan.json?c={requesting}&c={code}").json()["legs"][0]
            planned = [item["instrument"] for item in leg["applies"]]
            assert [verdict.instrument.short_name for verdict in dossier.get(code).basis] == planned, (requesting, code)

            response = render(signed_in, full_draft(requesting=requesting), country=code, format="docx")
            assert response.status_code == 200
            basis = docx_part(response.content, "Legal basis")
            cited = [bold.split(":")[0] for _text, bold in basis if bold]
            assert cited == planned, (requesting, code)
            for item in leg["may_apply"]:
                an_instrument_may_apply = True
                assert item["instrument"] not in cited
                assert any(item["instrument"] in text and not bold for text, bold in basis), (requesting, code)
    assert an_instrument_may_apply, "the route should have an instrument that only may apply"


def state_section(html, code):
    return html.split(f'id="state-{code}"')[1].split("<article")[0]


def test_substitution_that_a_state_does_not_permit_is_warned_of(signed_in):
    Answer.objects.update_or_create(
        country=Country.objects.get(code="RS"),
        question=Question.objects.get(key="substitution"),
        defaults={"value": Answer.Value.NO, "details": "Substitution is not provided for by law."},
    )
    warning = "Serbia does not permit substitution"
    samples = "Two samples of 1 g, kept by the forensic institute."
    asked = full_draft(substitution="total", samples=samples)

    response = render(signed_in, asked, country="RS", format="docx")
    assert warning in flat(docx_text(response.content)[0])
    assert warning in flat(pdf_text(render(signed_in, asked, country="RS", format="pdf").content))
    # Each request carries its own State's warnings only.
    assert warning not in flat(docx_text(render(signed_in, asked, country="MK", format="docx").content)[0])
    page = post_form(signed_in, asked)
    assert page.status_code == 200
    assert warning in state_section(page.content.decode(), "RS")

    not_asked = full_draft(substitution="none")
    response = render(signed_in, not_asked, country="RS", format="docx")
    assert "does not permit substitution" not in flat(docx_text(response.content)[0])
    page = post_form(signed_in, not_asked)
    assert page.status_code == 200
    assert "does not permit substitution" not in page.content.decode()


HOSTILE = 'R&D <script>alert(1)</script> "Контролируемая поставка" l\'été & <b>bold</b>\nnext line\n\n'
SCRIPT = "<script>alert(1)</script>"
CYRILLIC = "Контролируемая поставка"


def hostile_text(length):
    text = (HOSTILE * (length // len(HOSTILE) + 1))[: length - 1] + "."
    assert len(text) == length
    return text


def test_hostile_text_comes_back_as_typed(signed_in):
    facts = hostile_text(20_000)
    reference = 'AL/2026 & <script>alert(1)</script> "Контролируемая поставка"\nline two'
    marking = "RESTRICTED & <script>alert(1)</script> 'Контролируемая поставка'\nline two"
    draft = full_draft(facts=facts, reference=reference, marking=marking)

    as_docx = render(signed_in, draft, country="MK", format="docx")
    as_pdf = render(signed_in, draft, country="MK", format="pdf")
    assert as_docx.status_code == as_pdf.status_code == 200
    body, header_and_footer = docx_text(as_docx.content)
    assert facts in body
    assert reference in body and marking in body
    assert marking in docx_header(as_docx.content)
    assert flat(reference) in flat(header_and_footer)

    text = pdf_text(as_pdf.content)
    assert SCRIPT in text and CYRILLIC in flat(text)
    assert flat(text).count(CYRILLIC) >= facts.count(CYRILLIC)
    for number, page in enumerate(pdf_pages(as_pdf.content), start=1):
        assert flat(marking) in flat(page), f"page {number}"

    page = post_form(signed_in, draft)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert CYRILLIC in html


def test_text_pasted_from_a_pdf_is_drafted_in_every_format(signed_in):
    """Form feeds and vertical tabs, which XML cannot hold, come out as line breaks; other control
    characters are left out."""
    draft = full_draft(facts="Report, page 1.\x0cPage 2.\x0bNext line.\x1b End.", reference="AL\x07-1")
    for format in ("docx", "pdf", "notice", "zip"):
        assert render(signed_in, draft, country="MK", format=format).status_code == 200, format
    body, header_and_footer = docx_text(render(signed_in, draft, country="MK", format="docx").content)
    assert "Report, page 1.\nPage 2.\nNext line. End." in body
    assert "AL-1" in header_and_footer
    assert post_form(signed_in, draft, action="zip").status_code == 200
