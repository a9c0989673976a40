"""Issue 22 (operators): what an operator sees in the findings of one submission."""

from __future__ import annotations

from lelang_xlsx import contract as C
from lelang_xlsx.checking.checker import check_files

from .support import fill_form, new_auction

IND = C.SHEET_INDIKATOR


def _check(tmp_path, **how):
    auction = new_auction(tmp_path)
    path = fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", tmp_path / "DINKES.xlsx", **how)
    return check_files([path], auction.panel).submissions[0]


def _drop_sumber_and_type_ambiguous(wb):
    ws = wb[IND]
    ws.delete_cols(12)  # 'Sumber Data *' gone; Target 2019 now in L
    ws["N2"].value = "1.300"  # two columns further: Target 2021, typed as text


def test_missing_column_does_not_hide_the_rest_of_the_sheet(tmp_path):
    sub = _check(tmp_path, edit=_drop_sumber_and_type_ambiguous)
    got = {(f.code, f.sheet, f.cell) for f in sub.findings}
    assert ("LK103", IND, "L1") in got, [f.line() for f in sub.findings]
    assert ("LK304", IND, "N2") in got, [f.line() for f in sub.findings]
    lk103 = next(f for f in sub.findings if f.code == "LK103")
    assert "sisipkan kolom 'Sumber Data *' sesudah 'Nilai Dasar *'" in lk103.message
    lk304 = next(f for f in sub.findings if f.code == "LK304")
    assert "Target 2021" in lk304.message and "1300" in lk304.message


def test_duplicated_column_says_which_one_is_read(tmp_path):
    def dup(wb):
        wb[IND]["R1"].value = "Target 2020"
    sub = _check(tmp_path, edit=dup)
    lk103 = [f for f in sub.findings if f.code == "LK103"]
    assert [(f.cell, f.is_error) for f in lk103] == [("R1", True)]
    assert "yang dibaca kolom N" in lk103[0].message and "hapus kolom R" in lk103[0].message
