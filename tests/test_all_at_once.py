"""Every check reports every cell it concerns in one pass (issue 13): per rule, one
workbook with two or more bad cells, all reported at once.

Codes that can concern only one place per workbook (LK101, LK102, LK104, LK106 for the
file; LK202, LK203, LK204, LK206 for a single Identitas cell) are covered by the samples.
"""

from __future__ import annotations

import copy

import pytest

from lelang_xlsx import contract as C
from lelang_xlsx.checking.checker import check_files

from .support import FIGURES, INDICATORS, fill_form, new_auction

ID, IND, SUP = C.SHEET_IDENTITAS, C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG


def _set(sheet: str, **cells):
    def edit(wb):
        for ref, value in cells.items():
            wb[sheet][ref].value = value
    return edit


def _percent(wb):
    for ref, v in (("M3", 0.87), ("N3", 0.89)):
        wb[IND][ref].value = v
        wb[IND][ref].number_format = "0%"


def _merge(wb):
    wb[IND].merge_cells("D2:D3")
    wb[IND].merge_cells("G2:G3")


def _hide(wb):
    wb[IND].merge_cells("D2:D3")
    wb[IND].row_dimensions[3].hidden = True


def _delete_headers(wb):
    wb[IND]["H1"].value = None
    wb[IND]["L1"].value = None


def _more_indicators(*codes):
    rows = copy.deepcopy(INDICATORS)
    for i, code in enumerate(codes, start=3):
        row = copy.deepcopy(INDICATORS[1])
        row[0], row[1] = i, code
        rows.append(row)
    return rows


def _path(row: int, *values):
    rows = copy.deepcopy(INDICATORS)
    rows[row][12:17] = list(values)
    return rows


# code -> (what to do to a valid form, the cells that code must be reported at)
CASES = {
    "LK103": ({"edit": _delete_headers}, {(IND, "H1"), (IND, "L1")}),
    "LK105": ({"edit": _set(IND, M2="=1+1", N3="=2+2")}, {(IND, "M2"), (IND, "N3")}),
    "LK107": ({"edit": _merge}, {(IND, "D2"), (IND, "G2")}),
    "LK201": ({"identity": {"Nama Kepala OPD": None, "Jabatan": None}}, {(ID, "B4"), (ID, "B7")}),
    "LK301": ({"edit": _set(IND, F2=None, L3=None)}, {(IND, "F2"), (IND, "L3")}),
    "LK302": ({"edit": _set(IND, K2="sekitar 120", O3="naik")}, {(IND, "K2"), (IND, "O3")}),
    "LK303": ({"edit": _set(IND, M2="115", N3="89,5")}, {(IND, "M2"), (IND, "N3")}),
    "LK304": ({"edit": _set(IND, K2="1.234", P3="1.500")}, {(IND, "K2"), (IND, "P3")}),
    "LK305": ({"indicators": _more_indicators("IK-01", "IK-02")}, {(IND, "B4"), (IND, "B5")}),
    "LK306": ({"edit": _set(IND, C2="Misi 1", C3="X")}, {(IND, "C2"), (IND, "C3")}),
    "LK307": ({"edit": _set(IND, I2="Menurun", I3="Meningkat")}, {(IND, "I2"), (IND, "I3")}),
    "LK308": ({"edit": _set(IND, J2=2019, J3=2020)}, {(IND, "J2"), (IND, "J3")}),
    "LK309": ({"edit": _set(IND, Q2=125, Q3=80)}, {(IND, "Q2"), (IND, "Q3")}),
    # Turun from 120,5: the first year already worse than the baseline, 2021 back up; Naik: 2020 down
    "LK310": ({"indicators": _path(0, 125, 110, 112, 100, 90)} | {"edit": _set(IND, N3=86)},
              {(IND, "M2"), (IND, "O2"), (IND, "N3")}),
    "LK311": ({"edit": _set(IND, K3=150, P3=101)}, {(IND, "K3"), (IND, "P3")}),
    "LK312": ({"edit": _percent}, {(IND, "M3"), (IND, "N3")}),
    "LK401": ({"indicators": _more_indicators("IK-03", "IK-04")}, {(IND, "B4"), (IND, "B5")}),
    "LK402": ({"figures": FIGURES + [["IK-9", "x", "Total", 2018, 1, "orang", "Dinkes"],
                                     ["IK-8", "y", "Total", 2018, 2, "orang", "Dinkes"]]}, {(SUP, "A5"), (SUP, "A6")}),
    "LK403": ({"edit": _set(SUP, D2="dua ribu", G3=None)}, {(SUP, "D2"), (SUP, "G3")}),
}


@pytest.fixture(scope="module")
def auction(tmp_path_factory):
    return new_auction(tmp_path_factory.mktemp("all"))


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_bad_cell_is_reported_in_one_pass(code, auction, tmp_path):
    how, cells = CASES[code]
    path = fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", tmp_path / f"{code}.xlsx", **how)
    sub = check_files([path], auction.panel).submissions[0]
    got = [(f.sheet, f.cell) for f in sub.findings if f.code == code]
    assert len(got) == max(len(cells), 2)
    assert set(got) == cells, [f.line() for f in sub.findings]


def test_hidden_row_and_merge_both_reported(auction, tmp_path):
    path = fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", tmp_path / "h.xlsx", edit=_hide)
    sub = check_files([path], auction.panel).submissions[0]
    lk107 = [f for f in sub.findings if f.code == "LK107"]
    assert {(f.sheet, f.cell) for f in lk107} == {(IND, "A3"), (IND, "D2")}
    assert any("D2:D3" in f.message and "Unprotect Sheet" in f.message for f in lk107)
