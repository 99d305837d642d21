"""The files of a route's requests: per requested State the request as DOCX and PDF and the urgent
notice as PDF, or all of them in one ZIP. Built in memory from a `Draft` and a `Dossier`."""

from dataclasses import dataclass

from django.utils import timezone

from drafting import writers
from drafting.checks import missing
from drafting.documents import notice_document, request_document

DOCX, PDF, NOTICE, ZIP = "docx", "pdf", "notice", "zip"
FORMATS = (DOCX, PDF, NOTICE, ZIP)
PDF_CONTENT_TYPE = "application/pdf"
ZIP_CONTENT_TYPE = "application/zip"


class NotFinal(ValueError):
    """A final document was asked for a State whose request still lacks something."""

    def __init__(self, state, left):
        super().__init__(state.code)
        self.state = state
        self.missing = left


@dataclass
class File:
    name: str
    content_type: str
    content: bytes


def missing_for(draft, state):
    receiver = state.receiver(draft.authorities.get(state.code))
    return missing(values=draft.values, crossings=draft.crossings, state=state, receiver=receiver)


def _state_file(*, draft, dossier, state, format, is_draft):
    prefix = "draft-" if is_draft else ""
    if format == DOCX:
        document = request_document(draft=draft, state=state, dossier=dossier, is_draft=is_draft)
        return File(f"{prefix}request-{state.code}.docx", writers.DOCX_CONTENT_TYPE, writers.to_docx(document))
    if format == PDF:
        document = request_document(draft=draft, state=state, dossier=dossier, is_draft=is_draft)
        return File(f"{prefix}request-{state.code}.pdf", PDF_CONTENT_TYPE, writers.to_pdf(document))
    document = notice_document(draft=draft, state=state, dossier=dossier, is_draft=is_draft)
    return File(f"{prefix}notice-{state.code}.pdf", PDF_CONTENT_TYPE, writers.to_pdf(document))


def build(*, draft, dossier, format, code=None, is_draft=True):
    """The `File` asked for: `format` for the State `code`; for a ZIP, that State's three files, or
    every State's where `code` is None. Raises `NotFinal` for a final document that lacks something."""
    states = [dossier.get(code)] if code else dossier.requested
    if not is_draft:
        for state in states:
            left = missing_for(draft, state)
            if left:
                raise NotFinal(state, left)
    if format != ZIP:
        return _state_file(draft=draft, dossier=dossier, state=states[0], format=format, is_draft=is_draft)
    files = [
        _state_file(draft=draft, dossier=dossier, state=state, format=each, is_draft=is_draft)
        for state in states
        for each in (DOCX, PDF, NOTICE)
    ]
    codes = "-".join(str(stop.country.code) for stop in dossier.plan.stops)
    prefix = "draft-" if is_draft else ""
    name = f"{prefix}requests-{codes}-{timezone.localdate():%Y-%m-%d}.zip"
    return File(name, ZIP_CONTENT_TYPE, writers.to_zip((file.name, file.content) for file in files))
