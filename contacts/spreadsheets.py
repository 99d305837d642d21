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

The layout (`Sheet`), so that a file reads well where it is opened, on screen and on paper:

- Each column is as wide as its longest line of text, measured as the rows are written (the big
  exports stream their rows, so only the longest length per column is kept) and set when the
  workbook is closed; a column stops at a cap (`MAX_WIDTH`), and text longer than that wraps.
- A row whose text wraps is given the height of its lines (`LINE_HEIGHT` points each): a
  spreadsheet program does not always work it out, and LibreOffice prints such rows over each
  other when it does not. A line wraps only when it is longer than the cap (a column is never
  narrower than its longest line below the cap), so a row's height is known when it is written,
  before the widths are.
- Printed: landscape A4, as many pages tall as needed but one page wide, the header row repeated
  at the top of every page, with grid lines and page numbers.
- One font throughout (the workbook's default), the header in its bold; text sits at the top of
  its cell, so that the cells of a tall row line up, and wraps where it has to.
"""

import datetime
import io
import math
import re

import xlsxwriter
import xlsxwriter.worksheet
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

# A column's width, in characters of the width of a digit of the default font (as a spreadsheet's
# column-width box shows it): at most `MAX_WIDTH` unless a sheet says otherwise; a line of text
# takes `CHARACTER_WIDTH` digits a character (letters average less than a digit, capitals and bold
# text more) and `PADDING` more.
MAX_WIDTH = 60
CHARACTER_WIDTH = 1.0
PADDING = 2
# The height of a line of text in the default font (11-point Calibri), in points.
LINE_HEIGHT = 15
# What a wrapped line holds, as a share of what the column holds: lines break between words.
WRAPPED_SHARE = 0.9
# A date is written yyyy-mm-dd.
DATE_LENGTH = 10
WRAPPED = {"text_wrap": True}


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
    return Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            # One font throughout, every cell's text at its top (the cells of a tall row line up).
            "default_format_properties": {"font_name": "Calibri", "font_size": 11, "valign": "top"},
        },
    )


def add_sheet(workbook, *, title, headers, widths, frozen_rows=1, frozen_columns=0, cell_format=None):
    """A worksheet named `title` whose first row holds `headers`, in bold, and nothing laid out but
    the widths given (the site's files use `Sheet`, which lays out the whole sheet).

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
    write_string, write_blank = sheet.write_string, sheet.write_blank
    for column, text in enumerate(_settled(texts)):
        if text:
            write_string(row, column, text, cell_format)
        elif cell_format is not None:
            write_blank(row, column, None, cell_format)


def _settled(texts):
    """`texts` (text or None) as `cell_text` gives them, in the two steps of `write_texts`."""
    if _TO_CLEAN.search("\n".join(filter(None, texts))):
        return [cell_text(text) for text in texts]
    return [cell_text(text) if text and text[0] in _FIRST_TO_CHECK else text for text in texts]


def _widths(value, count):
    """`value` (a number, or one number per column) as one number per column."""
    return list(value) if isinstance(value, list | tuple) else [value] * count


def _lines(text, fits, wraps_at):
    """The longest line of `text` in characters, and the number of lines it takes in a column that
    holds `fits` characters on a line and `wraps_at` on a wrapped line."""
    longest, lines = 0, 0
    for line in text.split("\n"):
        length = len(line)
        longest = max(longest, length)
        lines += 1 if length <= fits else math.ceil(length / wraps_at)
    return longest, lines


class Sheet:
    """A worksheet laid out as it is written (see the module docstring): `headers` in its first
    row, then each `write_row`, in order; its columns get their widths when the workbook closes.

    `max_widths` and `min_widths`: a number for every column, or a list of one per column, in
    characters. `frozen_rows` (the header row, and any written next) stay in view and are repeated
    at the top of every printed page; `frozen_columns` stay in view. A cell's text wraps where it
    has to (it is longer than its column may be, or has several lines); with `wrap_every_cell`,
    every cell's does, empty cells too (which are then written blank rather than left out), as in
    a matrix of paragraphs in which a reader may type. (Giving every cell of a 50,000-row export a
    format of its own would make it a third slower to write.)
    """

    def __init__(
        self,
        workbook,
        *,
        title,
        headers,
        frozen_rows=1,
        frozen_columns=0,
        max_widths=MAX_WIDTH,
        min_widths=0,
        wrap_every_cell=False,
    ):
        count = len(headers)
        self.max_widths = _widths(max_widths, count)
        self.min_widths = _widths(min_widths, count)
        # What fits on one line of each column at its widest, and on a wrapped line.
        self.fits = [(width - PADDING) / CHARACTER_WIDTH for width in self.max_widths]
        self.wraps_at = [max(1, fits * WRAPPED_SHARE) for fits in self.fits]
        self.longest = [0] * count
        # (the format of a cell whose text fits, of one whose text wraps), below the header and in it.
        wrapped, bold_wrapped = workbook.add_format(WRAPPED), workbook.add_format({"bold": True, **WRAPPED})
        if wrap_every_cell:
            self.formats, self.header_formats = (wrapped, wrapped), (bold_wrapped, bold_wrapped)
        else:
            self.formats, self.header_formats = (None, wrapped), (workbook.add_format({"bold": True}), bold_wrapped)
        self.date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.wrap_every_cell = wrap_every_cell
        self.worksheet = sheet = workbook.add_worksheet(str(title)[:SHEET_NAME_LENGTH])
        sheet.freeze_panes(frozen_rows, frozen_columns)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
        sheet.repeat_rows(0, frozen_rows - 1)
        sheet.hide_gridlines(0)  # grid lines on screen and on paper
        sheet.set_footer("&L&A&R&P / &N")  # the sheet's name; the page's number and the count
        self.next_row = 0
        self._write(headers, self.header_formats)
        workbook.sheets_to_fit.append(self)

    def write_row(self, values):
        """Write the next row: `values` are text (by the cell-text rule), None (an empty cell) or
        dates (`datetime.date`, shown yyyy-mm-dd)."""
        self._write(values, self.formats)

    def _write(self, values, formats):
        row = self.next_row
        self.next_row += 1
        texts = _settled([value if value.__class__ is str else None for value in values])
        longest, fits = self.longest, self.fits
        lines = 1
        wraps = ()
        for column, text in enumerate(texts):
            if text:
                length = len(text)
                if length > fits[column] or "\n" in text:
                    length, cell_lines = _lines(text, fits[column], self.wraps_at[column])
                    lines = max(lines, cell_lines)
                    wraps = (*wraps, column)
                if length > longest[column]:
                    longest[column] = length
        sheet = self.worksheet
        if lines > 1:
            # Before the row's cells: in constant-memory mode a row is final once the next starts.
            sheet.set_row(row, LINE_HEIGHT * lines)
        fitting, wrapping = formats
        for column, text in enumerate(texts):
            if text:
                sheet.write_string(row, column, text, wrapping if column in wraps else fitting)
            elif isinstance(values[column], datetime.date):
                sheet.write_datetime(row, column, values[column], self.date_format)
                longest[column] = max(longest[column], DATE_LENGTH)
            elif self.wrap_every_cell:
                sheet.write_blank(row, column, None, fitting)

    def width(self, column):
        """The width of `column`, in characters: its longest line, within its bounds."""
        wanted = math.ceil(self.longest[column] * CHARACTER_WIDTH) + PADDING
        return max(self.min_widths[column], min(self.max_widths[column], wanted))

    def fit_columns(self):
        for column in range(len(self.longest)):
            self.worksheet.set_column(column, column, self.width(column))


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """XlsxWriter's worksheet, which in constant-memory mode forgets a row's height once the row is
    written to disk: XlsxWriter keeps every height set until the workbook closes (for placing
    images, which these sheets have none of), so memory would grow with the wrapped rows."""

    def _write_single_row(self, current_row_num=0):
        written = self.previous_row
        super()._write_single_row(current_row_num)
        self.row_info.pop(written, None)
        self.row_sizes.pop(written, None)


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, which gives the columns of its `Sheet`s their widths as it closes
    (XlsxWriter writes the widths into the file then, after the rows)."""

    worksheet_class = _Worksheet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets_to_fit = []

    def close(self):
        for sheet in self.sheets_to_fit:
            sheet.fit_columns()
        self.sheets_to_fit = []
        return super().close()


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
            sheet = Sheet(workbook, title=dataset.title or "Sheet1", headers=headers)
            for values in dataset:
                sheet.write_row([None if value is None else str(value) for value in values])
        return output.getvalue()
