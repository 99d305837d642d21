"""The files the drafting app answers, read back the way their reader sees them: a DOCX through
python-docx, a PDF through poppler's pdftotext and pdfinfo, a DOCX as LibreOffice prints it.

Nothing is written to disk unless a folder is given (LibreOffice needs one)."""

import io
import re
import subprocess
import zipfile

import docx

PAGE_FIELDS = ("PAGE", "NUMPAGES")
LIBREOFFICE_TIMEOUT = 120


def flat(text):
    """`text` with every run of white space made one space: lines wrap where the layout wants."""
    return " ".join(text.split())


def word(content):
    return docx.Document(io.BytesIO(content))


def docx_text(content):
    """The DOCX's body (paragraphs and table cells, in order), its header and its footer."""
    document = word(content)
    body = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            body.append(docx.text.paragraph.Paragraph(block, document).text)
        elif block.tag.endswith("}tbl"):
            table = docx.table.Table(block, document)
            body.extend(cell.text for row in table.rows for cell in row.cells)
    section_texts = []
    for section in document.sections:
        for part in (section.header, section.footer):
            section_texts.extend(paragraph.text for paragraph in part.paragraphs)
    return "\n".join(body), "\n".join(section_texts)


def docx_header(content):
    return "\n".join(p.text for section in word(content).sections for p in section.header.paragraphs)


def docx_footer_fields(content):
    """The field instructions in the footer, e.g. ["PAGE", "NUMPAGES"]."""
    xml = "".join(section.footer._element.xml for section in word(content).sections)
    return re.findall(r'w:instr="\s*(\w+)', xml)


def docx_part(content, heading):
    """The paragraphs of the part under the level-1 heading `heading`: (text, bold runs' text)."""
    found, inside = [], False
    for paragraph in word(content).paragraphs:
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title":
            inside = heading in paragraph.text.split(" / ")
            continue
        if inside:
            bold = "".join(run.text for run in paragraph.runs if run.bold)
            found.append((paragraph.text, bold))
    return found


def docx_properties(content):
    """The core properties, and the text of every docProps/*.xml in the package."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        parts = {name: package.read(name).decode() for name in package.namelist() if name.startswith("docProps/")}
    return word(content).core_properties, parts


def pdf_text(content):
    """pdftotext's layout text of a PDF given as bytes (read from stdin)."""
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], content)


def pdf_pages(content):
    """The text of each page: pdftotext ends every page with a form feed."""
    pages = pdf_text(content).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_info(content):
    """pdfinfo's "Key: value" lines as a dict."""
    lines = _run(["pdfinfo", "-enc", "UTF-8", "-"], content).splitlines()
    return {key.strip(): value.strip() for key, sep, value in (line.partition(":") for line in lines) if sep}


def libreoffice_pdf(content, folder):
    """The DOCX printed to PDF by LibreOffice headless, with a profile of its own in `folder` so that
    parallel runs do not share one."""
    source = folder / "request.docx"
    source.write_bytes(content)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=LIBREOFFICE_TIMEOUT,
    )
    return (folder / "request.pdf").read_bytes()


def _run(command, content):
    return subprocess.run(command, input=content, check=True, capture_output=True, timeout=60).stdout.decode()
