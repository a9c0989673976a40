"""The fast reader (values by python-calamine) gives what the XML reader gives.

Every workbook here is read both ways: the same sheets, cells, values, percent and date
flags, hidden rows and columns, merged ranges, or the same LK101/LK106 detail. The forms
people fill in must take the fast path (else the speed is gone without a failing test);
anything out of the ordinary must be left to the XML path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lelang_xlsx.reading import fastread, xlsxread
from lelang_xlsx.reading.panel import read_panel
from lelang_xlsx.reading.reader import read_submission
from lelang_xlsx.reading.xlsxread import Limits, TooLarge, Unreadable

from . import hostile
from .support import fill_form, needs_soffice, new_auction, soffice_roundtrip

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
ALL_SAMPLES = sorted(SAMPLES.rglob("*.xlsx"))
FORMS = sorted((SAMPLES / "malang-2018" / "masuk").glob("*.xlsx"))
BASE = SAMPLES / "malang-2018" / "masuk" / "DINKES.xlsx"
IDENTITAS, INDIKATOR, SST, STYLES = "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/sharedStrings.xml", "xl/styles.xml"
# The sample form's own style index of a data cell, its number of cell styles and the spans of
# its rows: read from the file, so a change of the form's layout does not break the patterns.
_IND = hostile.read_part(BASE, INDIKATOR)
S = re.search(rb'<c r="K2" s="(\d+)"', _IND).group(1).decode()
N_XF = int(re.search(rb'<cellXfs count="(\d+)"', hostile.read_part(BASE, STYLES)).group(1))
SPANS = re.search(rb'<row r="3" spans="([\d:]+)"', _IND).group(1)
COL3 = re.search(rb'<col min="3" max="3" [^>]*/>', _IND).group(0)


def outcome(reader, path, limits: Limits = Limits()):
    try:
        return reader(path, limits)
    except (Unreadable, TooLarge) as exc:
        return type(exc).__name__, exc.detail, getattr(exc, "sheet", "")


def typed(result):
    """The values with their types (1 == 1.0 == True for ``==`` alone)."""
    if isinstance(result, tuple):
        return result
    return {name: [(r, c, type(cell.value).__name__, cell.value, cell.percent, cell.formula, cell.cached, cell.text, cell.date)
                   for r, row in ws.rows.items() for c, cell in row.items()] for name, ws in result.sheets.items()}


def fast_path_taken(path, limits: Limits = Limits()) -> bool:
    with xlsxread.open_zip(path, limits) as z:
        try:
            fastread.read_zip(z, str(path), limits)
        except fastread.Doubt:
            return False
    return True


def assert_same(path, limits: Limits = Limits()):
    fast, plain = outcome(fastread.read_workbook, path, limits), outcome(xlsxread.read_workbook, path, limits)
    assert fast == plain
    assert typed(fast) == typed(plain)  # and in the same order
    return fast


def submissions(path: Path, panel, monkeypatch):
    fast = read_submission(path, path.name, panel)
    with monkeypatch.context() as m:
        m.setenv("LELANG_XLSX_READER", "xml")
        plain = read_submission(path, path.name, panel)
    return fast, plain


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_workbook_reads_the_same(path):
    assert_same(path)


def test_the_forms_take_the_fast_path():
    assert FORMS and all(fast_path_taken(p) for p in FORMS)
    wb = fastread.read_workbook(BASE)
    assert wb.sheet("Indikator").max_row > 1 and wb.sheet("Identitas").value(1, 1)


@pytest.fixture(scope="module")
def panel():
    return read_panel(SAMPLES / "malang-2018" / "panel.xlsx")


@pytest.mark.parametrize("path", FORMS + sorted((SAMPLES / "rusak").glob("*.xlsx")), ids=lambda p: p.name)
def test_every_sample_submission_is_the_same(path, panel, monkeypatch):
    fast, plain = submissions(path, panel, monkeypatch)
    assert fast == plain
    assert [(f.code, f.sheet, f.cell, f.message) for f in fast.findings] == \
        [(f.code, f.sheet, f.cell, f.message) for f in plain.findings]


def test_generated_benchmark_forms_are_the_same(tmp_path, monkeypatch):
    from benchmarks.generate import generate_auction

    root = generate_auction(tmp_path / "bench", 3, indicators=8, figures=40, seed=1, jobs=1)
    panel = read_panel(root / "panel.xlsx")
    forms = sorted((root / "masuk").glob("*.xlsx"))
    assert len(forms) == 3
    for path in forms:
        assert fast_path_taken(path)
        fast, plain = submissions(path, panel, monkeypatch)
        assert fast == plain and fast.indicators and fast.figures


@pytest.mark.libreoffice
@needs_soffice
def test_a_form_saved_by_libreoffice_is_the_same(tmp_path, monkeypatch):
    auction = new_auction(tmp_path)
    filled = fill_form(auction.formulir / "DINKES.xlsx", tmp_path / "DINKES.xlsx")
    saved = soffice_roundtrip(filled, tmp_path / "lo")
    assert fast_path_taken(saved)  # shared strings, every cell styled, rows up to the validation range
    assert_same(saved)
    panel = read_panel(auction.panel)
    fast, plain = submissions(saved, panel, monkeypatch)
    assert fast == plain and len(fast.indicators) > 0


# --------------------------------------------------------------------------- shapes, one at a time


def patched(tmp_path: Path, name: str, part: str, old: str | bytes, new: str | bytes, count: int = 1) -> Path:
    data = hostile.read_part(BASE, part)
    old = old.encode() if isinstance(old, str) else old
    new = new.encode() if isinstance(new, str) else new
    changed = re.sub(old, new, data, count=count)
    assert changed != data, name
    return hostile.patch_zip(BASE, tmp_path / f"{name}.xlsx", replace={part: changed})


def add_styles(tmp_path: Path, name: str, cells: dict[str, int], date1904: bool = False) -> Path:
    """Three new cell styles (N_XF percent, N_XF+1 built-in date, N_XF+2 custom date 'dd/mm/yyyy'),
    given to the Indikator cells named in ``cells``."""
    styles = hostile.read_part(BASE, STYLES)
    styles = styles.replace(b"</cellXfs>", b'<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                            b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                            b'<xf numFmtId="200" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>')
    styles = re.sub(rb"<numFmts[^>]*>", lambda m: m.group(0) + b'<numFmt numFmtId="200" formatCode="dd/mm/yyyy"/>', styles) \
        if b"<numFmts" in styles else styles.replace(b"<fonts", b'<numFmts count="1"><numFmt numFmtId="200" formatCode="dd/mm/yyyy"/></numFmts><fonts', 1)
    sheet = hostile.read_part(BASE, INDIKATOR)
    for ref, style in cells.items():
        sheet, n = re.subn(rb'<c r="%s" s="\d+"' % ref.encode(), b'<c r="%s" s="%d"' % (ref.encode(), style), sheet)
        assert n == 1, ref
    replace = {STYLES: styles, INDIKATOR: sheet}
    if date1904:
        replace["xl/workbook.xml"] = hostile.read_part(BASE, "xl/workbook.xml").replace(
            b'<workbookPr ', b'<workbookPr date1904="1" ')
    return hostile.patch_zip(BASE, tmp_path / f"{name}.xlsx", replace=replace)


@pytest.mark.parametrize("date1904", [False, True])
def test_percent_and_date_styles_come_from_the_styles_part(tmp_path, date1904):
    path = add_styles(tmp_path, "styled", {"K2": N_XF, "M2": N_XF + 1, "N2": N_XF + 2, "B2": N_XF + 1}, date1904)
    assert fast_path_taken(path)
    ws = assert_same(path).sheet("Indikator")
    assert ws.get(2, 11).percent and not ws.get(2, 11).date
    assert ws.get(2, 13).date and ws.get(2, 14).date and not isinstance(ws.value(2, 13), (int, float))
    assert ws.get(2, 2).date and isinstance(ws.value(2, 2), str)  # text in a date cell stays text


def test_hidden_rows_and_columns_and_merged_cells(tmp_path):
    data = hostile.read_part(BASE, INDIKATOR)
    data = data.replace(b'<row r="3" spans="%s" ht="30" customHeight="1">' % SPANS,
                        b'<row r="3" spans="%s" ht="30" hidden="1" customHeight="1">' % SPANS)
    data = data.replace(COL3, COL3.replace(b" customWidth", b' hidden="1" customWidth'))
    data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>')
    path = hostile.patch_zip(BASE, tmp_path / "layout.xlsx", replace={INDIKATOR: data})
    assert fast_path_taken(path)
    ws = assert_same(path).sheet("Indikator")
    assert ws.hidden_rows == {3} and ws.hidden_cols == {3} and ws.merged == [(2, 2, 3, 3)]


def test_excel_rows_with_their_declared_namespace(tmp_path):
    data = hostile.read_part(BASE, INDIKATOR)
    data = data.replace(b"<worksheet ", b'<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ', 1)
    data = re.sub(rb'(<row r="\d+" spans="[^"]*" ht="[^"]*" customHeight="1")', rb'\1 x14ac:dyDescent="0.25"', data)
    path = hostile.patch_zip(BASE, tmp_path / "excel.xlsx", replace={INDIKATOR: data})
    assert fast_path_taken(path)
    assert assert_same(path).sheet("Indikator").max_row == 6


# (name, part, pattern, replacement, the fast path takes it)
K2_VALUE = rf'<c r="K2" s="{S}"><v>[^<]*</v>'  # a number of the Indikator sheet
B2_STRING = rf'<c r="B2" s="{S}" t="s"><v>\d+</v>'  # a shared string of it
MISI = r'<si><t>Misi</t>'  # a shared string
SHAPES = [
    ("formula with a value", INDIKATOR, rf'<c r="K2" s="{S}"><v>', rf'<c r="K2" s="{S}"><f>1+2</f><v>', False),
    ("formula without a value", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><f>1+2</f>', False),
    ("error value", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}" t="e"><v>#DIV/0!</v>', False),
    ("boolean", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}" t="b"><v>1</v>', False),
    ("formula string type", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}" t="str"><v>x</v>', False),
    ("ISO date type", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}" t="d"><v>2024-01-02</v>', False),
    ("number with an underscore", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><v>1_000</v>', False),
    ("number with a space", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><v> 12</v>', False),
    ("text in a number cell", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><v>abc</v>', False),
    ("numbers at the edges", INDIKATOR, rf'<c r="K2" s="{S}"><v>[^<]*</v></c><c r="L2"',
     rf'<c r="K2" s="{S}"><v>12345678901234567</v></c><c r="L2"', True),
    ("exponent and signs", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><v>-1.5E+3</v>', True),
    ("empty value", INDIKATOR, K2_VALUE, rf'<c r="K2" s="{S}"><v></v>', True),
    ("string index out of range", INDIKATOR, B2_STRING, rf'<c r="B2" s="{S}" t="s"><v>99999</v>', None),
    ("a cell addressed in another row", INDIKATOR, r'<c r="D2"', r'<c r="D9"', False),
    ("a row's first cell in another row", INDIKATOR, r'<c r="A2"', r'<c r="A9"', False),
    ("a cell past column Z", INDIKATOR, r'</row><row r="3"', r'<c r="AB2"><v>5</v></c></row><row r="3"', False),
    ("a cell without its address", INDIKATOR, rf'<c r="K2" s="{S}">', rf'<c s="{S}">', False),
    ("a row without its number", INDIKATOR, r'<row r="3" ', r'<row ', False),
    ("rows out of order", INDIKATOR, r'(<row r="2" .*?</row>)(<row r="3" .*?</row>)', r'\2\1', False),
    ("a row twice", INDIKATOR, r'(<row r="3" .*?</row>)', r'\1\1', False),
    ("attributes in another order", INDIKATOR, rf'<c r="K2" s="{S}">', rf'<c s="{S}" r="K2">', False),
    ("single quotes", INDIKATOR, rf'<c r="K2" s="{S}">', rf"<c r='K2' s='{S}'>", False),
    ("a style index written oddly", INDIKATOR, rf'<c r="K2" s="{S}">', rf'<c r="K2" s="0{S}">', False),
    ("pretty printed", INDIKATOR, r'</row><row', '</row>\n  <row', False),
    ("a comment among the rows", INDIKATOR, r'<sheetData>', r'<sheetData><!-- x -->', False),
    ("windows line ends", SST, r'</si><si>', '</si>\r\n<si>', False),
    ("main namespace under a prefix too", INDIKATOR, r'<worksheet ',
     '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', False),
    ("rows in another namespace", INDIKATOR, r'<sheetData>', r'<sheetData xmlns="urn:other">', False),
    ("Excel's row attribute", INDIKATOR, r'(<row r="\d+" spans="[^"]*" ht="[^"]*" customHeight="1")',
     r'\1 x14ac:dyDescent="0.25"', False),
    ("sheetData not where the XML path looks", INDIKATOR, r'<sheetData>(.*)</sheetData>',
     r'<sheetData/><extLst><ext uri="x"><sheetData>\1</sheetData></ext></extLst>', False),
    ("a dimension not where the XML path looks", INDIKATOR, r'<dimension ref="[^"]*"/>',
     '<sheetPr><dimension ref="A1:XFD1048576"/></sheetPr>', False),
    ("shared strings not at the root", SST, r'(?s)(<sst [^>]*>.*</sst>)', r'<x>\1</x>', False),
    ("no XML declaration", INDIKATOR, r'^<\?xml[^>]*\?>\s*', '', True),
    ("an encoding other than UTF-8", INDIKATOR, r'encoding="UTF-8"', 'encoding="ISO-8859-1"', False),
    ("empty sheetData", IDENTITAS, r'<sheetData>.*</sheetData>', '<sheetData/>', True),
    ("text trimmed by calamine", SST, MISI, '<si><t> Misi </t>', False),
    ("spaces kept", SST, MISI, '<si><t xml:space="preserve"> Misi </t>', True),
    ("a space made of a reference", SST, MISI, '<si><t>&#32;Misi</t>', False),
    ("a carriage return escaped", SST, MISI, '<si><t>Mi_x000D_si</t>', True),
    ("an escaped surrogate", SST, MISI, '<si><t>Mi_xD800_si</t>', False),
    ("an escaped underscore", SST, MISI, '<si><t>Mi_x005F_x0041_si</t>', False),
    ("entities", SST, MISI, '<si><t>Misi &amp; &#233; &lt;Visi&gt;</t>', True),
    ("rich text and a phonetic hint", SST, r'<si><t>Misi</t></si>',
     '<si><r><t>Mi</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">si </t></r>'
     '<rPh sb="0" eb="1"><t>P</t></rPh><phoneticPr fontId="1"/></si>', True),
    ("two texts in one string", SST, MISI, '<si><t>Mi</t><r><t>s</t></r><t>i</t>', True),
    ("only a phonetic hint", SST, r'<si><t>Misi</t></si>', '<si><rPh sb="0" eb="1"><t>P</t></rPh></si>', True),
    ("CDATA", SST, MISI, '<si><t><![CDATA[Misi]]></t>', False),
    ("an undefined entity", SST, MISI, '<si><t>Misi &foo;</t>', None),
    ("not well-formed", INDIKATOR, r'</worksheet>\s*$', '</worksheet', None),
    ("a stray end tag", INDIKATOR, r'</sheetData>', '</sheetData></cols>', None),
    ("bytes that are not UTF-8", SST, MISI, b'<si><t>Mi\xff\xfesi</t>', None),
    ("a control character", SST, MISI, '<si><t>Mi\x01si</t>', None),
    ("inline strings", INDIKATOR, B2_STRING,
     rf'<c r="B2" s="{S}" t="inlineStr"><is><t xml:space="preserve"> inline </t></is>', True),
    ("an inline string trimmed by calamine", INDIKATOR, B2_STRING,
     rf'<c r="B2" s="{S}" t="inlineStr"><is><t> inline </t></is>', False),
    ("an inline phonetic hint", INDIKATOR, B2_STRING,
     rf'<c r="B2" s="{S}" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>P</t></rPh></is>', False),
    ("an inline string without its type", INDIKATOR, B2_STRING,
     rf'<c r="B2" s="{S}"><is><t>x</t></is>', False),
]


@pytest.mark.parametrize("name,part,old,new,fast", SHAPES, ids=[s[0] for s in SHAPES])
def test_each_shape_reads_the_same(tmp_path, name, part, old, new, fast):
    path = patched(tmp_path, re.sub(r"\W+", "_", name), part, old, new)
    assert_same(path)
    if fast is not None:
        assert fast_path_taken(path) is fast


def test_limits_and_hostile_parts_give_the_same_finding(tmp_path):
    for limits in (Limits(max_rows=4), Limits(max_cols=10), Limits(max_cell_chars=5), Limits(max_file_bytes=1000),
                   Limits(max_part_bytes=5000)):
        result = assert_same(BASE, limits)
        if limits.max_cell_chars == 5:
            assert all(len(c.value) <= 5 for ws in result.sheets.values() for row in ws.rows.values()
                       for c in row.values() if isinstance(c.value, str))
        else:
            assert isinstance(result, tuple) and result[0] == "TooLarge"
    built = [
        hostile.claim_dimension(BASE, tmp_path / "dim.xlsx", INDIKATOR),
        hostile.billion_laughs(BASE, tmp_path / "lol.xlsx", SST),
        hostile.billion_laughs(BASE, tmp_path / "lol2.xlsx", INDIKATOR),
        hostile.xxe(BASE, tmp_path / "xxe.xlsx", INDIKATOR),
        hostile.truncated(BASE, tmp_path / "cut.xlsx"),
        hostile.chart_sheet_named(BASE, tmp_path / "chart.xlsx", "Indikator"),
        hostile.patch_zip(BASE, tmp_path / "nosst.xlsx", replace={SST: None}),
        hostile.patch_zip(BASE, tmp_path / "nostyles.xlsx", replace={STYLES: None}),
    ]
    for path in built:
        assert_same(path)


def test_the_plain_path_can_be_chosen(monkeypatch):
    monkeypatch.setenv("LELANG_XLSX_READER", "xml")
    monkeypatch.setattr(fastread, "read_zip", lambda *a: pytest.fail("the fast path was used"))
    assert fastread.read_workbook(BASE) == xlsxread.read_workbook(BASE)
