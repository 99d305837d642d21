"""The one spreadsheet writer: its rule for the text of a cell, checked case by case and against any
text (hypothesis), and workbooks read back with openpyxl, as a spreadsheet program would read them."""

import io
import re

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from contacts import spreadsheets
from contacts.spreadsheets import cell_text, neutralise

HYPERLINK = '=HYPERLINK("http://evil.example","click")'
# Text shaped like XlsxWriter's rich-string markup, which it would write into the sheet's XML as it
# is: this one closes its cell and adds a formula cell after it.
MARKUP = '<r><t>a</t></r></is></c><c r="B9"><f>HYPERLINK("http://evil.example","click")</f></c><c><is><r><t>b</t></r>'
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+cmd") == "'+cmd"
    assert neutralise("-") == "'-"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("+442079460111") == "+442079460111"
    assert neutralise("-5") == "-5"
    assert neutralise("+44 20 7946 0111") == "'+44 20 7946 0111"
    assert neutralise("Plain = text") == "Plain = text"
    assert neutralise("") == ""
    assert neutralise(None) is None


def test_cell_text():
    assert cell_text(None) is None
    assert cell_text("") is None
    assert cell_text("Duty desk") == "Duty desk"
    assert cell_text(HYPERLINK) == "'" + HYPERLINK
    assert cell_text("+442079460111") == "+442079460111"
    # A control character is dropped first: it cannot hide a formula behind it.
    assert cell_text("\x01" + HYPERLINK) == "'" + HYPERLINK
    assert cell_text("Bell\x07 and\x0b tab\tkept") == "Bell and tab\tkept"
    assert cell_text("Non\ufffecharacters\uffff") == "Noncharacters"
    assert cell_text("\x00\x1f") is None
    # Carriage returns as the line breaks XML reads them back as, after the quote of a leading one.
    assert cell_text("One\r\nTwo\rThree") == "One\nTwo\nThree"
    assert cell_text("\rReturn desk") == "'\nReturn desk"
    # XlsxWriter's own markup is quoted; other text with angle brackets is left alone.
    assert cell_text(MARKUP) == "'" + MARKUP
    assert cell_text("<r>") == "<r>"
    assert cell_text("<b>bold</b>") == "<b>bold</b>"


any_text = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\x01", "\ufffe", "1", "a", "'"])),
    st.builds(lambda inner: f"<r>{inner}</r>", st.text()),
)


@given(any_text)
def test_cell_text_is_safe_and_settled(value):
    text = cell_text(value)
    if text is None:
        return
    assert not NOT_IN_XML.search(text)
    assert text[0] not in "=@\t\r" and (text[0] not in "+-" or re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text))
    assert not (text.startswith("<r>") and text.endswith("</r>"))
    assert cell_text(text) == text


class RecordingSheet:
    def __init__(self):
        self.cells = {}

    def write_string(self, row, column, text, cell_format=None):
        self.cells[column] = text

    def write_blank(self, row, column, blank, cell_format=None):
        self.cells[column] = "(blank)"


@given(st.lists(any_text, max_size=6))
def test_write_texts_writes_what_cell_text_gives(texts):
    sheet = RecordingSheet()
    spreadsheets.write_texts(sheet, 1, texts)
    expected = {column: cell_text(value) for column, value in enumerate(texts) if cell_text(value)}
    assert sheet.cells == expected


def test_a_workbook_read_back_holds_text_never_formulas():
    buffer = io.BytesIO()
    with spreadsheets.open_workbook(buffer) as workbook:
        sheet = spreadsheets.add_sheet(
            workbook,
            title="A title longer than a sheet name may be",
            headers=["Name", "=Header"],
            widths=[24, 35.29],
            cell_format={"text_wrap": True},
        )
        spreadsheets.write_texts(sheet, 1, [HYPERLINK, "\x01" + HYPERLINK], workbook.add_format({"text_wrap": True}))
        spreadsheets.write_texts(sheet, 2, [MARKUP, "", "-5", "1/2"])
    workbook = openpyxl.load_workbook(buffer)
    assert workbook.sheetnames == ["A title longer than a sheet nam"]
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["A1"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == 24.7109375  # as a spreadsheet's width box shows 24
    assert sheet.column_dimensions["B"].width == 36
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Name", "'=Header", None, None],
        ["'" + HYPERLINK, "'" + HYPERLINK, None, None],
        ["'" + MARKUP, None, "-5", "1/2"],
    ]
    assert sheet["B2"].alignment.wrap_text and not sheet["B3"].alignment.wrap_text
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
