"""The Poin sheet and the achievement cap of panel.xlsx: defaults from `lelang init`,
LK603 when missing or incomplete (defaults used), LK604 when invalid."""

import openpyxl
import pytest

from lelang_xlsx import contract as C
from lelang_xlsx.rounds.points import read_points
from lelang_xlsx.workbooks.panel_example import write_panel_example


@pytest.fixture
def panel(tmp_path):
    p = tmp_path / "panel.xlsx"
    write_panel_example(p)
    return p


def _edit(path, fn):
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def _codes(found):
    return sorted((f.code, f.sheet, f.cell) for f in found)


def test_init_writes_the_default_tables(panel):
    table, found = read_points(panel)
    assert found == []
    assert table.bands == ((100, 10), (91, 5), (76, 0), (66, -5), (0, -10))
    assert table.weights == {"Sanggup": (1.5, 1), "Tanpa tawaran": (1, 1), "Tidak Sanggup": (1, 1)}
    assert table.cap == 120


def test_older_panel_without_poin_sheet_gets_defaults_and_lk603(panel):
    _edit(panel, lambda wb: wb.remove(wb[C.SHEET_POIN]))
    table, found = read_points(panel)
    assert _codes(found) == [("LK603", "Poin", "")]
    assert table.points(100, "Sanggup") == 15


def test_missing_weight_row_is_lk603(panel):
    _edit(panel, lambda wb: wb[C.SHEET_POIN].delete_rows(4))  # "Tidak Sanggup" row of the weights (and a band)
    table, found = read_points(panel)
    assert ("LK603", "Poin", "") in _codes(found)
    assert table.weights["Tidak Sanggup"] == (1, 1)


def test_custom_values_are_used(panel):
    def change(wb):
        ws = wb[C.SHEET_POIN]
        ws["B2"] = 20
        ws["E2"] = "2,5"  # a number typed as text is read (no finding here: the secretariat's own sheet)
        wb[C.SHEET_PENGATURAN]["B11"] = 150
    _edit(panel, change)
    table, found = read_points(panel)
    assert found == []
    assert table.points(100, "Sanggup") == 50
    assert table.cap == 150


@pytest.mark.parametrize("ref,value,cell", [
    ("A3", "sembilan puluh", "A3"),  # not a number
    ("A4", 95, "A4"),                # bands not in order (95 after 91)
    ("F2", -1, "F2"),                # weight below 0
    ("A6", 10, "A6"),                # the lowest band must be 0
])
def test_invalid_values_are_lk604_and_defaults_apply(panel, ref, value, cell):
    _edit(panel, lambda wb: wb[C.SHEET_POIN].__setitem__(ref, value))
    table, found = read_points(panel)
    assert ("LK604", "Poin", cell) in _codes(found)
    assert all(f.code == "LK604" for f in found)
    if ref.startswith("A"):
        assert table.bands == C.DEFAULT_BANDS


def test_cap_below_100_is_lk601(panel):
    _edit(panel, lambda wb: wb[C.SHEET_PENGATURAN].__setitem__("B11", 90))
    table, found = read_points(panel)
    assert _codes(found) == [("LK601", "Pengaturan", "B11")]
    assert table.cap == 120


def test_poin_findings_reach_the_round(tmp_path):
    from click.testing import CliRunner

    from lelang_xlsx.cli import main

    from .eval_support import eval_auction

    root = eval_auction(tmp_path)
    _edit(root / "panel.xlsx", lambda wb: wb[C.SHEET_POIN].__setitem__("F3", -2))
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", "2019"])
    assert res.exit_code == 1 and "panel.xlsx:Poin!F3: LK604" in res.output
    _edit(root / "panel.xlsx", lambda wb: wb.remove(wb[C.SHEET_POIN]))
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", "2019"])
    assert res.exit_code == 0 and "panel.xlsx:Poin: LK603" in res.output
