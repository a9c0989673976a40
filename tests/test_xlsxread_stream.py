"""Big sheets are read as a stream (bounded memory, e.g. penawaran.xlsx of a 1,000-OPD
auction): what is read, and what is refused, is the same as with the whole-part parse."""

from pathlib import Path

import pytest
import xlsxwriter

from lelang_xlsx.reading import xlsxread
from lelang_xlsx.reading.xlsxread import Limits, TooLarge, Unreadable, read_workbook

from . import hostile

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _content(path: Path, limits: Limits = Limits()):
    wb = read_workbook(path, limits)
    return {n: (s.kind, s.state, s.dimension, sorted(s.hidden_rows), sorted(s.hidden_cols), s.merged,
                {r: {c: (v.value, v.percent, v.formula, v.cached, v.text, v.date) for c, v in cs.items()}
                 for r, cs in s.rows.items()}) for n, s in wb.sheets.items()}


@pytest.fixture
def streamed(monkeypatch):
    monkeypatch.setattr(xlsxread, "STREAM_PART_BYTES", 0)  # every sheet streamed


@pytest.fixture
def book(tmp_path) -> Path:
    p = tmp_path / "big.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("Penawaran")
    pct, date = wb.add_format({"num_format": "0.0%"}), wb.add_format({"num_format": "dd/mm/yyyy"})
    for r in range(3000):
        ws.write_row(r, 0, [f"OPD{r % 40:03d}", f"IK{r:05d}", r * 1.5, "Sanggup" if r % 3 else ""])
        ws.write_number(r, 4, (r % 100) / 100, pct)
    ws.write_formula(3000, 0, "=SUM(C1:C10)")
    ws.write_number(3001, 0, 45000, date)
    ws.set_row(5, None, None, {"hidden": True})
    ws.set_column(6, 7, None, None, {"hidden": True})
    ws.merge_range(3002, 0, 3002, 3, "gabung")
    wb.close()
    return p


def test_streamed_read_equals_the_whole_part_read(book, monkeypatch):
    whole = _content(book)
    monkeypatch.setattr(xlsxread, "STREAM_PART_BYTES", 0)
    streamed = _content(book)
    assert streamed == whole
    ws = streamed["Penawaran"]
    assert ws[3] == [6] and ws[4] == [7, 8] and (3003, 1, 3003, 4) in ws[5]
    assert ws[6][3001][1][2] == "SUM(C1:C10)" and ws[6][1][5][1] is True  # formula; percent cell


def test_samples_read_the_same_streamed(monkeypatch):
    files = sorted((SAMPLES / "malang-2018").rglob("*.xlsx")) + sorted((SAMPLES / "rusak").glob("*.xlsx"))
    whole = {}
    for f in files:
        try:
            whole[f] = _content(f)
        except (Unreadable, TooLarge) as exc:
            whole[f] = (type(exc), exc.detail)
    monkeypatch.setattr(xlsxread, "STREAM_PART_BYTES", 0)
    for f in files:
        try:
            got = _content(f)
        except (Unreadable, TooLarge) as exc:
            got = (type(exc), exc.detail)
        assert got == whole[f], f.name


def test_streamed_refuses_entities_bad_xml_and_too_many_rows(book, tmp_path, streamed):
    part = hostile.sheet_part(book, "Penawaran")
    with pytest.raises(Unreadable, match="DTD/entitas"):
        read_workbook(hostile.billion_laughs(book, tmp_path / "b.xlsx", part))
    broken = hostile.patch_zip(book, tmp_path / "c.xlsx", {part: hostile.read_part(book, part)[:-200]})
    with pytest.raises(Unreadable, match="XML tidak valid"):
        read_workbook(broken)
    with pytest.raises(TooLarge, match="baris"):
        read_workbook(book, Limits(max_rows=1000))
