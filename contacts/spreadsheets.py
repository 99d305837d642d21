"""XLSX files as the site writes them: one writer (XlsxWriter), one rule for the text of a cell, one
look for the header row.

The contact exports (`contacts.exports`), the comparison's download (`handbook.route.views`) and
the admin's exports (`AdminXLSX`) write their workbooks through this module. It lives in
`contacts`, the lowest app that writes a spreadsheet, so that all may use it.

The text of a cell (`cell_text`), whoever wrote it, in this order:

1. Characters that XML 1.0 forbids are dropped: control characters other than tab, newline and
   carriage return, surrogates, U+FFFE and U+FFFF. XlsxWriter would write them as `_xHHHH_`
   escapes, which other programs show as they are.
2. Text that a spreadsheet would read as a formula gets a leading single quote (`neutralise`):
   after step 1, so that a control character cannot hide a leading `=`.
3. Text that XlsxWriter would take for its own markup, `<r>…</r>` (a rich string, which it writes
   into the file's XML unescaped: such text could close the cell and add a formula), gets a leading
   single quote too.
4. A carriage return, alone or in CRLF, is written as the line break that XML reads it back as.

Every cell is then written with `write_string`, as text: never a formula, a number or a link read
from text.

Formula injection: a spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula. `neutralise` prefixes such text with a single quote (OWASP's
recommendation), which every spreadsheet shows as text; the quote stays visible, which is the
point: the value is inert wherever the file travels next, including a CSV re-saved from the
spreadsheet. The one exception is a plain number (`+442079460111`, `-5`): a spreadsheet reads it
as a number, never as a formula, so phone numbers in E.164 stay as they are. CSV downloads use
`neutralise` alone.
"""

import io
import re

import xlsxwriter
from import_export.formats.base_formats import XLSX

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
FORMULA_TRIGGERS = frozenset("=+-@\t\r")

# Step 1 of the rule: what XML 1.0 cannot hold. With a carriage return: what step 4 replaces.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TO_CLEAN = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The first characters of text that steps 2 and 3 may quote.
_FIRST_TO_CHECK = FORMULA_TRIGGERS | {"<"}

# The widest name a worksheet may have.
SHEET_NAME_LENGTH = 31


def neutralise(value):
    """`value` made safe for a spreadsheet cell: text a spreadsheet would read as a formula gets a
    leading single quote. Plain numbers (E.164 phone numbers) are left alone (see the module
    docstring)."""
    if value and value[0] in FORMULA_TRIGGERS and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def cell_text(value):
    """The text an XLSX cell holds for `value` (text or None), by the rule of the module docstring;
    None when nothing is left."""
    if not value:
        return None
    replace_returns = False
    if _TO_CLEAN.search(value):
        value = _NOT_XML.sub("", value)
        if not value:
            return None
        replace_returns = "\r" in value
    if value[0] in FORMULA_TRIGGERS:
        value = neutralise(value)
    elif value.startswith("<r>") and value.endswith("</r>"):
        value = "'" + value
    if replace_returns:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def open_workbook(target):
    """A new workbook that XlsxWriter writes to `target` (a path, or a binary file such as BytesIO)
    when it is closed; use it as a context manager.

    Constant-memory mode: each row goes to a temporary file as soon as the next one starts, its text
    inline (no shared-string table held in memory), so memory stays flat whatever the number of
    rows; rows must be written in order. Should anything call `write()` rather than the typed
    methods, it still reads no formula, number or link from text.
    """
    return xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )


def add_sheet(workbook, *, title, headers, widths, frozen_rows=1, frozen_columns=0, cell_format=None):
    """A worksheet named `title` whose first row holds `headers`, in bold.

    `widths`: each column's width in characters, as a spreadsheet's column-width box shows them.
    The first `frozen_rows` rows (the header row) and `frozen_columns` columns stay in view when the
    sheet scrolls. `cell_format`: XlsxWriter format properties the header shares with the sheet's
    cells (such as wrapped text); bold is added.
    """
    sheet = workbook.add_worksheet(str(title)[:SHEET_NAME_LENGTH])
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(frozen_rows, frozen_columns)
    write_texts(sheet, 0, headers, workbook.add_format({**(cell_format or {}), "bold": True}))
    return sheet


def write_texts(sheet, row, texts, cell_format=None):
    """Write `texts` (text or None) to `row` of `sheet` from its first column, each cell as
    `cell_text` gives it, as text. An empty cell is left out, or written blank when it has a
    `cell_format` (wrapped text shows when someone types in it).

    This runs for every row of 50,000-row exports, so the rule is applied in two steps: one search
    of the whole row for anything to drop or replace (rarely anything), then a set lookup of each
    cell's first character for the few that may need a quote. The result is `cell_text`'s, which
    gives back what it is given once applied.
    """
    if _TO_CLEAN.search("\n".join(filter(None, texts))):
        texts = [cell_text(text) for text in texts]
    write_string, write_blank = sheet.write_string, sheet.write_blank
    for column, text in enumerate(texts):
        if text:
            if text[0] in _FIRST_TO_CHECK:
                text = cell_text(text)
            write_string(row, column, text, cell_format)
        elif cell_format is not None:
            write_blank(row, column, None, cell_format)


class AdminXLSX(XLSX):
    """The admin's XLSX format (django-import-export): files read as the library reads them
    (openpyxl), files written through this module like every other XLSX the site makes."""

    def create_dataset(self, in_stream):
        """An empty cell reads as empty text, as in a CSV file: a blank optional column in a
        spreadsheet means "nothing written", not a missing value."""
        dataset = super().create_dataset(in_stream)
        rows = [["" if value is None else value for value in row] for row in dataset]
        return type(dataset)(*rows, headers=dataset.headers)

    def export_data(self, dataset, **kwargs):
        output = io.BytesIO()
        with open_workbook(output) as workbook:
            headers = [str(header) for header in dataset.headers or ()]
            sheet = add_sheet(workbook, title=dataset.title or "Sheet1", headers=headers, widths=[20] * len(headers))
            for row, values in enumerate(dataset, start=1):
                write_texts(sheet, row, [None if value is None else str(value) for value in values])
        return output.getvalue()
