"""A `Document` as DOCX (python-docx) and as PDF (WeasyPrint), built in memory and returned as
bytes: nothing is written to disk. Neither file names an author or the tool that made it."""

import dataclasses
import datetime
import io
import re
import zipfile

from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "DejaVu Sans"
PLACEHOLDER = re.compile(r"(\{page\}|\{pages\})")
FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# DOCX ---------------------------------------------------------------------------------------------


def _field(paragraph, instruction):
    """A PAGE or NUMPAGES field, which the word processor fills in on every page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(paragraph, document):
    """ "<reference> · page X of Y · directory data as of <date>", the numbers as fields."""
    paragraph.add_run(f"{document.reference} · " if document.reference else "")
    for piece in PLACEHOLDER.split(document.page_label):
        if piece in FIELDS:
            _field(paragraph, FIELDS[piece])
        elif piece:
            paragraph.add_run(piece)
    paragraph.add_run(f" · {document.as_of}")


# The extended properties, without the application name python-docx's template carries.
APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)


def _anonymous(word):
    """No author, editor or tool in the file's properties, and no thumbnail of the template."""
    properties = word.core_properties
    for name in ("author", "last_modified_by", "comments", "title", "subject", "keywords", "category"):
        setattr(properties, name, "")
    properties.revision = 1
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_PROPERTIES


# Characters XML 1.0 cannot hold, which lxml refuses: C0 controls but tab, line feed and carriage
# return, and U+FFFE, U+FFFF. Text pasted from a PDF carries form feeds and vertical tabs: those
# become line breaks, the rest are dropped.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value):
    """`value` (a Document, a part of one, a list or a string) with every string fit for XML."""
    if isinstance(value, str):
        return NOT_IN_XML.sub(lambda match: "\n" if match.group() in "\x0b\x0c" else "", value)
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(
            value, **{field.name: _xml_safe(getattr(value, field.name)) for field in dataclasses.fields(value)}
        )
    return value


def to_docx(document):
    document = _xml_safe(document)
    word = WordDocument()
    _anonymous(word)
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = word.sections[0]
    head = section.header.paragraphs[0]
    head.text = document.running_head
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _footer(section.footer.paragraphs[0], document)
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle)
    for part in document.parts:
        word.add_heading(part.heading, level=1)
        for item in part.items:
            if isinstance(item, str):
                word.add_paragraph(item)
            elif hasattr(item, "headers"):
                table = word.add_table(rows=1, cols=len(item.headers))
                table.style = "Table Grid"
                for cell, header in zip(table.rows[0].cells, item.headers, strict=True):
                    cell.text = header
                for row in item.rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = text
            else:
                paragraph = word.add_paragraph()
                paragraph.add_run(item.label).bold = True
                paragraph.add_run("\n" + item.text)
                if item.note:
                    paragraph.add_run(f"\n[{item.note}]").italic = True
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# PDF ----------------------------------------------------------------------------------------------


def _css_string(text):
    """`text` as a CSS string, every character that could end the string or the style sheet
    written as a hex escape."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 or ord(char) == 127 else char for char in text
    )
    return f'"{escaped}"'


def _page_content(document):
    """The CSS `content` of the footer: the label's text as strings, the numbers as counters."""
    pieces = [_css_string(f"{document.reference} · ")] if document.reference else []
    for piece in PLACEHOLDER.split(document.page_label):
        if piece == "{page}":
            pieces.append("counter(page)")
        elif piece == "{pages}":
            pieces.append("counter(pages)")
        elif piece:
            pieces.append(_css_string(piece))
    pieces.append(_css_string(f" · {document.as_of}"))
    return " ".join(pieces)


def _no_producer(document, pdf):
    pdf.info.pop("Producer", None)


def to_pdf(document):
    from weasyprint import HTML  # loads Pango: only where a PDF is made

    html = render_to_string(
        "drafting/document.html",
        {"document": document, "head": _css_string(document.running_head), "foot": _page_content(document)},
    )
    return HTML(string=html).write_pdf(finisher=_no_producer)


# ZIP ----------------------------------------------------------------------------------------------


def to_zip(files):
    """`files`: (name, bytes) pairs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
