"""Issue 22 (operators): what an operator sees in the findings of one submission."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx import contract as C
from lelang_xlsx.checking.checker import check_files
from lelang_xlsx.checking.feedback import FINDINGS_SHEET
from lelang_xlsx.cli import main
from lelang_xlsx.pipeline import init_auction, write_templates

from .support import INDICATORS, fill_form, new_auction

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"

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


# ---------------------------------------------------------------- item 2: the next step follows the state

def _intro(copy) -> dict:
    """The annotated copy's first sheet as the operator reads it: label -> text."""
    ws = load_workbook(copy)[FINDINGS_SHEET]
    out, last = {}, ""
    for row in ws.iter_rows(min_row=1, max_row=12):
        label = row[0].value or last
        if row[5].value is not None:
            out.setdefault(label, row[5].value)
        last = label
    return out


def _check_cli(root):
    res = CliRunner().invoke(main, ["check", str(root)])
    assert "Traceback" not in res.output
    return res


def test_warnings_only_form_is_not_told_to_fix_and_resend(tmp_path):
    auction = new_auction(tmp_path)
    fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", auction.masuk / "dinkes.xlsx",
              edit=lambda wb: wb[IND].__setitem__("M2", "115"))  # a number typed as text: LK303, a warning
    res = _check_cli(auction.root)
    assert res.exit_code == 0
    assert "dinkes.xlsx: valid dengan peringatan (0 galat, 1 peringatan); kirim ulang hanya bila isian memang keliru" \
        in res.output
    intro = _intro(auction.umpan_balik / "dinkes.xlsx")
    assert intro["Hasil"].startswith("0 galat, 1 peringatan: formulir diterima")
    step = intro["Langkah berikutnya"]
    assert "kirim ulang hanya bila isian memang keliru" in step and "Perbaiki sel" not in step
    berkas = load_workbook(auction.laporan)["Status Berkas"]
    assert [c.value for c in berkas[1]][-1] == "Langkah Berikutnya (OPD)"
    assert berkas["G2"].value == "kirim ulang hanya bila isian memang keliru"


def test_form_with_errors_is_told_to_fix_and_resend(tmp_path):
    auction = new_auction(tmp_path)
    fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", auction.masuk / "dinkes.xlsx",
              edit=lambda wb: wb[IND].__setitem__("M2", "sekitar 115"))  # LK302, an error
    res = _check_cli(auction.root)
    assert res.exit_code == 1
    assert "(1 galat, 0 peringatan); perbaiki lalu kirim ulang" in res.output
    assert _intro(auction.umpan_balik / "dinkes.xlsx")["Langkah berikutnya"].startswith("Perbaiki sel yang ditandai")


def test_issued_pact_says_do_not_resend_without_the_secretariat(tmp_path):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "Pakta baru terbit" in res.output and "DINKES" in res.output
    for copy in (root / "hasil" / "umpan-balik" / "DINKES.xlsx", root / "hasil" / "per-opd" / "DINKES" / "DINKES.xlsx"):
        step = _intro(copy)["Langkah berikutnya"]
        assert "jangan kirim ulang tanpa menghubungi sekretariat" in step, copy
    res = _check_cli(root)  # the next check reads the register
    assert "DINKES.xlsx: valid (0 galat, 0 peringatan); pakta sudah terbit: jangan kirim ulang tanpa menghubungi " \
           "sekretariat" in res.output


# ---------------------------------------------------------------- item 3: the cause, not only the symptoms

def test_reversed_polarity_marks_the_polaritas_cell_once(tmp_path):
    rows = copy.deepcopy(INDICATORS)
    rows[1][8] = "Turun"  # Cakupan imunisasi (85,5 -> 87 ... 95, every step up) declared Turun
    sub = _check(tmp_path, indicators=rows)
    by_code = {}
    for f in sub.findings:
        by_code.setdefault(f.code, []).append(f.cell)
    assert by_code["LK315"] == ["I3"]
    assert by_code["LK309"] == ["Q3"] and len(by_code["LK310"]) == 5
    msg = next(f.message for f in sub.findings if f.code == "LK315")
    assert "Polaritas 'Turun' tampaknya terbalik" in msg and "ganti Polaritas menjadi Naik" in msg
    assert "87, 89, 91, 93, 95" in msg


def test_one_wrong_step_is_not_called_a_reversed_polarity(tmp_path):
    rows = copy.deepcopy(INDICATORS)
    rows[1][12:17] = [87, 86, 91, 93, 80]  # Naik: end point worse, but not every step
    sub = _check(tmp_path, indicators=rows)
    assert "LK309" in {f.code for f in sub.findings}
    assert "LK315" not in {f.code for f in sub.findings}


# ---------------------------------------------------------------- item 5: '1.600' in an offer

def test_ambiguous_offer_value_is_explained_and_not_called_undecided(tmp_path):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    wb = load_workbook(root / "penawaran.xlsx")
    ws = wb["Penawaran"]
    col = [c.value for c in ws[1]].index("Tawaran Target Akhir") + 1
    ws.cell(3, col).value = "1.600"  # DISDIK-02, decided (Tidak Sanggup), its value typed as text
    wb.save(root / "penawaran.xlsx")
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "Traceback" not in res.output
    lk506 = [line for line in res.output.splitlines() if "LK506" in line]
    line = next(line for line in lk506 if "'1.600'" in line)
    assert "bermakna ganda (bisa 1600 atau 1,6)" in line and "tanpa titik ribuan" in line
    closing = " ".join(res.output.split())
    assert "1 tawaran dengan isian tidak valid" in closing
    assert "tawaran belum diputuskan" not in closing


# ---------------------------------------------------------------- item 4: the city's own examples

def _blitar_panel(tmp_path):
    """The example panel turned into Kota Blitar 2025–2029 (every 'Malang' of the panel's own data replaced)."""
    auction = init_auction(tmp_path / "blitar")
    wb = load_workbook(auction.panel)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "Malang" in cell.value:
                    cell.value = cell.value.replace("Malang", "Blitar")
    ws = wb[C.SHEET_PENGATURAN]
    for row in ws.iter_rows():
        label = str(row[0].value or "")
        if label.startswith("Tahun Awal"):
            row[1].value = 2025
        elif label.startswith("Tahun Akhir"):
            row[1].value = 2029
        elif label.startswith("Tanggal Penandatanganan"):
            row[1].value = dt.datetime(2024, 12, 9)
    wb.save(auction.panel)
    return auction


def _form_texts(path) -> str:
    """Every text a user meets in the form: cells, input and error messages (the raw XML)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_form_examples_come_from_the_panels_city_and_years(tmp_path):
    auction = _blitar_panel(tmp_path)
    paths = write_templates(auction)
    text = _form_texts(next(p for p in paths if p.name == "DINKES.xlsx"))
    for ours in ("Kepala Dinas Kesehatan Kota Blitar", "5 November 2024", "2024-11-05", "Profil Kesehatan 2023",
                 "Profil Kesehatan Kota Blitar 2023", "Tahun 4 digit, misalnya 2023.", "Target 2029"):
        assert ours in text, ours
    for malang in ("Malang", "Klojen", "5 November 2018", "2018-11-05", "Profil Kesehatan 2017"):
        assert malang not in text, malang


def test_malang_forms_keep_their_words(tmp_path):
    auction = init_auction(tmp_path / "malang")
    text = _form_texts(next(p for p in write_templates(auction) if p.name == "DINKES.xlsx"))
    for words in ("Kepala Dinas Kesehatan Kota Malang", "5 November 2018", "Profil Kesehatan Kota Malang 2017",
                  "Kecamatan Klojen"):
        assert words in text, words
