"""Version 3 of the panel workbook and the OPD form (docs/evaluasi.md):
Toleransi (±) with LK313/LK314 at their cells, a form without the column checks clean;
Dasar Peringkat / Rumus Capaian Turun (LK601 naming the allowed values); Poin Tidak
Melapor; sheets Satuan and Insentif (LK604); LK603 for an older panel and `lelang init`
adding what is missing with a dated backup."""

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx import contract as C
from lelang_xlsx.checking.checker import check_one
from lelang_xlsx.cli import main
from lelang_xlsx.rounds.points import read_points
from lelang_xlsx.reading.panel import read_panel
from lelang_xlsx.reading.xlsxread import Limits
from lelang_xlsx.workbooks.formulir import write_formulir
from lelang_xlsx.workbooks.panel_example import example_panel, write_panel_example

from .helpers_formulir import filled_example


@pytest.fixture
def panel_path(tmp_path):
    p = tmp_path / "panel.xlsx"
    write_panel_example(p)
    return p


def _edit(path, fn):
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def _codes(findings):
    return sorted((f.code, f.sheet, f.cell) for f in findings)


def _form(tmp_path, panel, edit=None, name="DINKES.xlsx"):
    filled = filled_example(panel)
    if edit:
        edit(filled.indicators)
    p = tmp_path / name
    write_formulir(p, panel, "DINKES", "Dinas Kesehatan", filled)
    return check_one(p, p.name, panel, Limits())


def _col(panel, key):
    fields = C.indikator_fields(panel.years)
    return openpyxl.utils.get_column_letter(1 + [f.key for f in fields].index(key))


def test_tolerance_is_read_and_a_tetap_tolerance_is_clean(tmp_path):
    panel = example_panel()

    def tetap(inds):
        inds[1].update(polaritas="Tetap", toleransi=1.5)
    sub = _form(tmp_path, panel, tetap)
    assert sub.errors == 0 and sub.warnings == 0, [f.line() for f in sub.findings]
    assert [i.toleransi for i in sub.indicators] == [None, 1.5]


def test_tolerance_on_naik_is_lk313_and_negative_is_lk314_at_their_cells(tmp_path):
    panel = example_panel()

    def bad(inds):
        inds[0]["toleransi"] = 2  # Turun indicator
        inds[1].update(polaritas="Tetap", toleransi=-1)
    sub = _form(tmp_path, panel, bad)
    col = _col(panel, "toleransi")
    assert [(f.code, f.sheet, f.cell) for f in sub.findings] == [
        ("LK313", "Indikator", f"{col}2"), ("LK314", "Indikator", f"{col}3")]
    assert "Turun" in sub.findings[0].message and "-1" in sub.findings[1].message


def test_a_form_without_the_tolerance_column_checks_clean(tmp_path):
    panel = example_panel()
    p = tmp_path / "DINKES.xlsx"
    write_formulir(p, panel, "DINKES", "Dinas Kesehatan", filled_example(panel))
    col = _col(panel, "toleransi")
    _edit(p, lambda wb: wb[C.SHEET_INDIKATOR].delete_cols(openpyxl.utils.column_index_from_string(col)))
    sub = check_one(p, p.name, panel, Limits())
    assert sub.errors == 0 and sub.warnings == 0, [f.line() for f in sub.findings]
    assert all(i.toleransi is None for i in sub.indicators)


def test_init_writes_the_version3_defaults(panel_path):
    panel = read_panel(panel_path)
    assert panel.findings == []
    assert panel.dasar_peringkat == "Capaian" and panel.rumus_turun == "2 - R/T"
    assert panel.units["%"] == (0, 100) and panel.units["orang"] == (0, None)
    assert panel.insentif == ((10, 100), (5, 90), (0, 75), (-5, 50), (-10, 25))
    table, found = read_points(panel_path)
    assert found == [] and table.tidak_melapor == -10


@pytest.mark.parametrize("label,typed,expected", [
    ("Dasar Peringkat", "poin per indikator", "Poin per Indikator"),
    ("Dasar Peringkat", "Poin Bersih", "Poin Bersih"),
    ("Rumus Capaian Turun", "T / R", "T/R"),
])
def test_choices_are_read(panel_path, label, typed, expected):
    key = "dasar_peringkat" if label == "Dasar Peringkat" else "rumus_turun"
    _edit(panel_path, lambda wb: _set_setting(wb, label, typed))
    panel = read_panel(panel_path)
    assert panel.findings == [] and getattr(panel, key) == expected


def _set_setting(wb, label, value):
    ws = wb[C.SHEET_PENGATURAN]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    ws.cell(row, 2, value)
    return row


def test_misspelled_choice_is_lk601_naming_the_allowed_values(panel_path):
    rows = {}
    _edit(panel_path, lambda wb: rows.update(r=_set_setting(wb, "Dasar Peringkat", "Peringkat Capaian")))
    panel = read_panel(panel_path)
    assert _codes(panel.findings) == [("LK601", "Pengaturan", f"B{rows['r']}")]
    msg = panel.findings[0].message
    assert all(v in msg for v in C.RANKING_BASES) and "'Peringkat Capaian'" in msg
    assert panel.dasar_peringkat == "Capaian"


@pytest.mark.parametrize("sheet,cell,value,detail", [
    ("Insentif", "A3", 12, "tidak lebih kecil"),     # minimum out of order
    ("Insentif", "B2", 120, "di luar 0-100"),          # percentage above 100
    ("Insentif", "B4", "banyak", "bukan angka"),
    ("Satuan", "B2", 150, "lebih besar dari Batas Atas"),  # % lower bound above its upper bound
    ("Poin", "E6", 5, "di atas 0"),                    # Poin Tidak Melapor is a sanction
])
def test_invalid_tables_are_lk604_at_their_cell(panel_path, sheet, cell, value, detail):
    _edit(panel_path, lambda wb: wb[sheet].__setitem__(cell, value))
    found = read_panel(panel_path).findings + read_points(panel_path)[1]
    assert _codes(found) == [("LK604", sheet, cell)]
    assert detail in found[0].message
    panel = read_panel(panel_path)
    assert panel.insentif == C.DEFAULT_INSENTIF


def test_custom_incentive_and_units_are_used(panel_path):
    def change(wb):
        ws = wb[C.SHEET_INSENTIF]
        ws["B2"], ws["A3"] = 95, 7.5
        wb[C.SHEET_SATUAN].append(["per 10.000 penduduk", 0, 10000])
    _edit(panel_path, change)
    panel = read_panel(panel_path)
    assert panel.findings == []
    assert panel.insentif[:2] == ((10, 95), (7.5, 90))
    assert panel.incentive(8) == 90 and panel.incentive(10) == 95 and panel.incentive(-11) == 0
    assert panel.unit_bounds("Per 10.000 Penduduk") == (0, 10000)


def _make_old(panel_path):
    def old(wb):
        for name in (C.SHEET_SATUAN, C.SHEET_INSENTIF):
            wb.remove(wb[name])
        ws = wb[C.SHEET_PENGATURAN]
        for label in ("Rumus Capaian Turun", "Dasar Peringkat"):
            row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
            ws.delete_rows(row)
        ws = wb[C.SHEET_POIN]
        r, c = 6, 4
        ws.cell(r, c).value = ws.cell(r, c + 1).value = ws.cell(r, 8).value = None
    _edit(panel_path, old)


def test_older_panel_reads_defaults_with_lk603_and_init_upgrades_it(panel_path):
    _make_old(panel_path)
    panel = read_panel(panel_path)
    found = panel.findings + read_points(panel_path)[1]
    assert sorted(f.code for f in found) == ["LK603"] * 5
    assert {f.sheet for f in found} == {"Pengaturan", "Satuan", "Insentif", "Poin"}
    assert panel.dasar_peringkat == "Capaian" and panel.insentif == C.DEFAULT_INSENTIF
    before = panel_path.read_bytes()
    old_misi = openpyxl.load_workbook(panel_path)[C.SHEET_MISI]["B2"].value

    res = CliRunner().invoke(main, ["init", str(panel_path.parent)])
    assert res.exit_code == 0, res.output
    assert "lembar Satuan" in res.output and "lembar Insentif" in res.output and "Dasar Peringkat" in res.output
    backups = list((panel_path.parent / "hasil" / "arsip").glob("panel-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    panel = read_panel(panel_path)
    assert panel.findings == [] and read_points(panel_path)[1] == []
    assert openpyxl.load_workbook(panel_path)[C.SHEET_MISI]["B2"].value == old_misi  # nothing typed changes

    res = CliRunner().invoke(main, ["init", str(panel_path.parent)])
    assert res.exit_code == 0 and "tidak ada yang ditimpa" in res.output
    assert len(list((panel_path.parent / "hasil" / "arsip").glob("panel-*.xlsx"))) == 1


def test_form_satuan_dropdown_comes_from_the_panel(tmp_path, panel_path):
    _edit(panel_path, lambda wb: wb[C.SHEET_SATUAN].append(["per 10.000 penduduk", 0, 10000]))
    panel = read_panel(panel_path)
    p = tmp_path / "f.xlsx"
    write_formulir(p, panel, "DINKES", "Dinas Kesehatan")
    ws = openpyxl.load_workbook(p)[C.SHEET_LISTS]
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Satuan")
    listed = [ws.cell(r, col).value for r in range(2, ws.max_row + 1) if ws.cell(r, col).value]
    assert listed == list(panel.units)


def test_lk311_for_every_bounded_unit_of_the_panel(tmp_path, panel_path):
    panel = read_panel(panel_path)
    years = list(panel.years)

    def bad(inds):
        inds[0].update(satuan="indeks", polaritas="Naik", nilai_dasar=80.0)  # IKM-like index
        inds[0].update({f"target_{y}": 80.0 + i for i, y in enumerate(years)})
        inds[0][f"target_{years[-1]}"] = 123.0
        inds[1].update(satuan="orang", nilai_dasar=-5.0)
    sub = _form(tmp_path, panel, bad)
    lk311 = [f for f in sub.findings if f.code == "LK311"]
    lo, hi = panel.units["indeks"]
    assert [(f.sheet, f.cell) for f in lk311] == [
        ("Indikator", f"{_col(panel, f'target_{years[-1]}')}2"), ("Indikator", f"{_col(panel, 'nilai_dasar')}3")]
    assert f"antara {lo:g} dan {hi:g}" in lk311[0].message and "satuan indeks" in lk311[0].message
    assert "tidak kurang dari 0" in lk311[1].message


def test_a_unit_without_bounds_is_not_checked(tmp_path, panel_path):
    _edit(panel_path, lambda wb: wb[C.SHEET_SATUAN].append(["rasio", None, None]))
    panel = read_panel(panel_path)

    def unbounded(inds):
        inds[1].update(satuan="rasio", nilai_dasar=-5.0)
    sub = _form(tmp_path, panel, unbounded)
    assert not [f for f in sub.findings if f.code == "LK311"]
