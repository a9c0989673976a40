"""The low-level reader refuses hostile and broken files with an Indonesian reason."""

from pathlib import Path

import pytest
import xlsxwriter

from lelang_xlsx.reading.xlsxread import Limits, TooLarge, Unreadable, read_workbook

from . import hostile


@pytest.fixture
def base(tmp_path) -> Path:
    p = tmp_path / "base.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("Indikator")
    ws.write_row(0, 0, ["Kode Indikator", "Nilai"])
    ws.write_row(1, 0, ["IK-01", 12.5])
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write_number(2, 1, 0.85, pct)
    ws.set_row(3, None, None, {"hidden": True})
    ws.write_string(3, 0, "tersembunyi")
    ws.merge_range(5, 0, 5, 1, "gabung")
    wb.close()
    return p


def test_reads_values_formats_hidden_and_merged(base):
    wb = read_workbook(base)
    ws = wb.sheet(" indikator ")
    assert ws.value(2, 1) == "IK-01" and ws.value(2, 2) == 12.5
    assert ws.get(3, 2).percent and ws.value(3, 2) == 0.85
    assert 4 in ws.hidden_rows
    assert (6, 1, 6, 2) in ws.merged


def test_zero_bytes(tmp_path):
    with pytest.raises(Unreadable, match="kosong"):
        read_workbook(hostile.zero_bytes(tmp_path / "a.xlsx"))


def test_truncated(base, tmp_path):
    with pytest.raises(Unreadable, match="terpotong|rusak"):
        read_workbook(hostile.truncated(base, tmp_path / "t.xlsx"))


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
def test_entity_expansion_is_refused(base, tmp_path, part):
    with pytest.raises(Unreadable, match="DTD"):
        read_workbook(hostile.billion_laughs(base, tmp_path / "lol.xlsx", part))


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
def test_external_entity_is_refused(base, tmp_path, part):
    with pytest.raises(Unreadable, match="DTD"):
        read_workbook(hostile.xxe(base, tmp_path / "xxe.xlsx", part))


def test_zip_bomb_is_refused_before_inflating(base, tmp_path):
    bomb = hostile.zip_bomb(base, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", megabytes=300)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    with pytest.raises(TooLarge, match="MB"):
        read_workbook(bomb)


def test_dimension_claim(base, tmp_path):
    with pytest.raises(TooLarge) as exc:
        read_workbook(hostile.claim_dimension(base, tmp_path / "dim.xlsx", "xl/worksheets/sheet1.xml"))
    assert exc.value.sheet == "Indikator"


def test_file_size_limit(base):
    with pytest.raises(TooLarge, match="ukuran berkas"):
        read_workbook(base, Limits(max_file_bytes=100))


@pytest.mark.parametrize(
    "builder, fragment",
    [
        (lambda d: hostile.docx_renamed(d), "Word"),
        (lambda d: hostile.ods_like(d), ".ods"),
        (lambda d: hostile.ole_file(d, "EncryptedPackage"), "kata sandi"),
        (lambda d: hostile.ole_file(d, "Workbook"), ".xls"),
        (lambda d: hostile.csv_renamed(d), "CSV"),
    ],
)
def test_other_formats_are_named(tmp_path, builder, fragment):
    with pytest.raises(Unreadable, match=fragment.replace(".", r"\.")):
        read_workbook(builder(tmp_path / "x.xlsx"))


def test_chart_sheet_is_not_a_worksheet(base, tmp_path):
    wb = read_workbook(hostile.chart_sheet_named(base, tmp_path / "c.xlsx", "Indikator"))
    assert wb.sheet("Indikator").kind == "chartsheet"
