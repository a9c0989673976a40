"""One round of fixes (issue 13): an operator fills the form with one instance of each
everyday mistake, fixes exactly the cells the annotated copy marks (reading its
highlighted cells and comments, nothing else), resubmits that copy, and the second
submission checks clean."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lelang_xlsx import contract as C
from lelang_xlsx.workbooks.annotate import AUTHOR, FINDINGS_SHEET
from lelang_xlsx.workbooks.annotate_fast import FILL
from lelang_xlsx.pipeline import check_and_report
from lelang_xlsx.reading.xlsxread import Limits

from .support import FIGURES, fill_form, needs_soffice, new_auction, soffice_roundtrip

ID, IND, SUP = C.SHEET_IDENTITAS, C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG

# No, Kode, Misi, Sasaran, Program, Indikator, Cara, Satuan, Polaritas, Tahun Dasar, Nilai Dasar, Sumber, 2019..2023
MISTAKES = [
    # AKI, Turun: the path climbs back from 2020 on (four wrong-way steps) and ends worse than the baseline
    [1, "IK-01", "M1", "Menurunnya kematian ibu", "Program Kesehatan Ibu", "Angka Kematian Ibu",
     "Kematian ibu / kelahiran hidup x 100.000", "per 100.000 KH", "Turun", 2017, 59.3, "Profil Kesehatan 2017",
     56, 58, 60, 62, 64],
    # mission written out, polarity not in the list, '1.234' typed as text, '91%' typed as text, 105 for a %
    [2, "IK-02", "Misi 2", "Meningkatnya cakupan imunisasi", "Program Imunisasi", "Cakupan imunisasi dasar lengkap",
     "Bayi diimunisasi / jumlah bayi x 100", "%", "Meningkat", 2018, "1.234", "Laporan Imunisasi 2018",
     87, 89, "91%", 93, 105],
    # AKB: Program merged with the row above (E3:E4), base year inside the period, first target worse than
    # the baseline, and no supporting data at all
    [3, "IK-03", "M1", "Menurunnya kematian bayi", None, "Angka Kematian Bayi",
     "Kematian bayi / kelahiran hidup x 1.000", "per 1.000 KH", "Turun", 2019, 104.5, "Profil Kesehatan 2017",
     106, 100, 98, 96, 94],
]
# supporting data: an unknown code, a row without its source
SUP_MISTAKES = FIGURES + [
    ["IK-2", "Bayi diimunisasi lengkap", "Total", 2018, 12150, "bayi", "Dinkes"],
    ["IK-01", "Jumlah kelahiran hidup", "Total", 2017, 15020, "orang", None],
]

# What each marked cell should have held: the operator's fix, keyed by the cell the copy marks.
CORRECT = {
    (ID, "B5"): "19680411 199303 1 009",
    (ID, "B6"): "Pembina Utama Muda (IV/c)",
    (IND, "N2"): 53, (IND, "O2"): 50, (IND, "P2"): 47, (IND, "Q2"): 44,
    (IND, "C3"): "M2", (IND, "I3"): "Naik", (IND, "K3"): 85.5, (IND, "O3"): 91, (IND, "Q3"): 95,
    (IND, "E3"): "Program Imunisasi", (IND, "E4"): "Program Kesehatan Anak",  # E4: under the merge
    (IND, "J4"): 2017, (IND, "M4"): 102,
    (SUP, "A5"): "IK-02", (SUP, "G6"): "Dinkes",
}
# Fixes that are more than typing into the marked cell.
EXTRA = {
    # LK401 at IK-03's code: add its supporting data
    (IND, "B4"): lambda wb: wb[SUP].append(["IK-03", "Jumlah kelahiran hidup", "Total", 2017, 15020, "orang", "Dinkes"]),
}
EXPECTED_MARKS = {
    (ID, "B5"): {"LK203"}, (ID, "B6"): {"LK201"},
    (IND, "N2"): {"LK310"}, (IND, "O2"): {"LK310"}, (IND, "P2"): {"LK310"}, (IND, "Q2"): {"LK309", "LK310"},
    (IND, "C3"): {"LK306"}, (IND, "E3"): {"LK107", "LK301"}, (IND, "I3"): {"LK307"}, (IND, "K3"): {"LK304"},
    (IND, "O3"): {"LK303"}, (IND, "Q3"): {"LK311"},
    (IND, "B4"): {"LK401"}, (IND, "J4"): {"LK308"}, (IND, "M4"): {"LK310"},
    (SUP, "A5"): {"LK402"}, (SUP, "G6"): {"LK403"},
}


def _first_submission(tmp_path: Path):
    auction = new_auction(tmp_path)

    def edit(wb):
        ws = wb[IND]
        ws.merge_cells("E3:E4")
        wb[ID]["B5"].value = 196804111993031009  # NIP typed as a number

    fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", auction.masuk / "dinkes.xlsx",
              identity={"Pangkat/Golongan": None}, indicators=MISTAKES, figures=SUP_MISTAKES, edit=edit)
    return auction


def marks(path: Path) -> dict[tuple[str, str], str]:
    """What the annotated copy shows: each cell with the checker's comment, which must be
    highlighted (the form's Petunjuk legend uses the same colours without a comment)."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title == FINDINGS_SHEET:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None and c.comment.author == AUTHOR:
                    assert c.fill.fill_type == "solid" and str(c.fill.fgColor.rgb)[-6:] in FILL.values()
                    out[(ws.title, c.coordinate)] = c.comment.text
    return out


def fix(path: Path, shown: dict[tuple[str, str], str]) -> None:
    """The operator: fixes exactly what the copy marks, following the comments."""
    wb = load_workbook(path)
    for (sheet, ref), comment in shown.items():
        ws = wb[sheet]
        merged = re.search(r"sel gabungan ([A-Z]+[0-9]+:[A-Z]+[0-9]+)", comment)
        if merged and merged.group(1) in {str(r) for r in ws.merged_cells.ranges}:
            ws.unmerge_cells(merged.group(1))  # 'pisahkan dulu (Unmerge)'
        for hidden in re.findall(r"Sel ([A-Z]+[0-9]+) tertutup", comment):
            ws[hidden].value = CORRECT[(sheet, hidden)]  # 'lalu isi E4'
        if (sheet, ref) in CORRECT:
            ws[ref].value = CORRECT[(sheet, ref)]
        if (sheet, ref) in EXTRA:
            EXTRA[(sheet, ref)](wb)
    wb.save(path)


def codes(comment: str) -> set[str]:
    return set(re.findall(r"^(LK\d{3}) \((?:galat|peringatan)\):", comment, re.M))


def test_everyday_mistakes_are_all_marked_at_once(tmp_path):
    auction = _first_submission(tmp_path)
    out = check_and_report(auction, Limits(), 1)
    copy = out.annotated["dinkes.xlsx"]
    shown = marks(copy)
    # every mistake marked, each at a cell the operator can see, nothing else marked
    assert {k: codes(v) for k, v in shown.items()} == EXPECTED_MARKS
    assert "Sel E4 tertutup sel gabungan E3:E4" in shown[(IND, "E3")]
    assert "1,96804E+17" in shown[(ID, "B5")]
    # the findings sheet comes first and says what to do
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == FINDINGS_SHEET and wb.active.title == FINDINGS_SHEET
    text = [c.value for row in wb[FINDINGS_SHEET].iter_rows() for c in row if c.value]
    sub = next(s for s in out.result.submissions if s.path == "dinkes.xlsx")
    assert f"{sub.errors} galat, {sub.warnings} peringatan: formulir belum dapat diterima." in text
    assert any(str(t).startswith("Perbaiki sel yang ditandai, lalu kirim ulang berkas ini") for t in text)
    assert "DINKES – Dinas Kesehatan" in text and "dinkes.xlsx" in text


def test_fixing_exactly_what_is_marked_is_clean_on_the_second_submission(tmp_path):
    auction = _first_submission(tmp_path)
    first = check_and_report(auction, Limits(), 1)
    copy = first.annotated["dinkes.xlsx"]
    shown = marks(copy)
    assert set(CORRECT) | set(EXTRA) >= set(shown)  # the operator knows a fix for each marked cell
    # the operator fixes the annotated copy itself and sends it back
    resubmitted = auction.masuk / "dinkes.xlsx"
    shutil.copyfile(copy, resubmitted)
    fix(resubmitted, shown)
    second = check_and_report(auction, Limits(), 1)
    sub = next(s for s in second.result.submissions if s.path == "dinkes.xlsx")
    assert [f.line() for f in sub.findings] == []
    assert sub.valid
    again = second.annotated["dinkes.xlsx"]
    assert marks(again) == {}  # the previous marks are gone from the new copy
    wb = load_workbook(again)
    assert wb.sheetnames.count(FINDINGS_SHEET) == 1 and wb.sheetnames[0] == FINDINGS_SHEET


@pytest.mark.libreoffice
@needs_soffice
def test_the_fixed_copy_saved_by_libreoffice_reads_back_the_same(tmp_path):
    auction = _first_submission(tmp_path)
    copy = check_and_report(auction, Limits(), 1).annotated["dinkes.xlsx"]
    resubmitted = auction.masuk / "dinkes.xlsx"
    shutil.copyfile(copy, resubmitted)
    fix(resubmitted, marks(copy))
    before = check_and_report(auction, Limits(), 1, write=False).result.submissions[0]
    saved = soffice_roundtrip(resubmitted, tmp_path / "lo")
    resubmitted.unlink()
    shutil.copyfile(saved, auction.masuk / "dinkes.xlsx")
    after = check_and_report(auction, Limits(), 1, write=False).result.submissions[0]
    assert after.findings == [] and before.findings == []
    assert after.identity == before.identity
    assert [(i.kode, i.program, i.nilai_dasar, i.targets) for i in after.indicators] == \
        [(i.kode, i.program, i.nilai_dasar, i.targets) for i in before.indicators]
    assert len(after.figures) == len(before.figures)


def test_form_and_annotated_copy_pass_openxml_audit(tmp_path):
    if shutil.which("openxml-audit") is None:
        pytest.skip("openxml-audit not installed")
    from lelang_xlsx.workbooks.formulir import write_formulir

    from .helpers_formulir import filled_example

    auction = new_auction(tmp_path)
    data = filled_example(auction_panel := check_and_report(auction, Limits(), 1, write=False).result.panel)
    data.indicators[0]["misi"] = "Misi 1"
    data.indicators[1]["target_2021"] = 10.0  # wrong-way step
    write_formulir(auction.masuk / "dinkes.xlsx", auction_panel, filled=data)
    copy = check_and_report(auction, Limits(), 1).annotated["dinkes.xlsx"]
    assert marks(copy)
    # the mistakes form filled with openpyxl: its copy (zip path), then the copy of the fixed copy (openpyxl path)
    other = _first_submission(tmp_path / "b")
    first = check_and_report(other, Limits(), 1).annotated["dinkes.xlsx"]
    kept_first = tmp_path / "first.xlsx"
    shutil.copyfile(first, kept_first)
    shutil.copyfile(first, other.masuk / "dinkes.xlsx")
    fix(other.masuk / "dinkes.xlsx", marks(first))
    second = check_and_report(other, Limits(), 1).annotated["dinkes.xlsx"]
    for path in (auction.root / C.FORMULIR_DIR / "DINKES.xlsx", copy, kept_first, second):
        out = subprocess.run(["openxml-audit", str(path)], capture_output=True, text=True)
        assert "Errors: 0" in out.stdout, (path.name, out.stdout)
