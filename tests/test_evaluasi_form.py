"""The realisation workbook: pre-filled and locked where the OPD must not type, input
messages on number cells, a worked example, valid OOXML; and the reader is as tolerant as
the auction's (numbers as text, percent cells, blank rows, formulas with stored values)."""

import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main
from lelang_xlsx.evaluasi.run import check_round, prepare

from .eval_support import CLEAN, YEAR, eval_auction, masuk
from .support import needs_soffice, soffice_roundtrip


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = eval_auction(tmp_path_factory.mktemp("form"), with_samples=False)
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", str(YEAR)])
    assert res.exit_code == 0, res.output
    return root, root / "evaluasi/2019/formulir"


def test_one_prefilled_form_per_opd_with_a_pact(forms):
    _, folder = forms
    assert len(list(folder.glob("*.xlsx"))) == 9
    wb = openpyxl.load_workbook(folder / "DINKES.xlsx")
    assert wb.sheetnames == ["Petunjuk", "Identitas", "Realisasi", "Data Pendukung", "_Daftar"]
    assert wb["_Daftar"].sheet_state == "hidden"
    ws = wb["Realisasi"]
    assert [c.value for c in ws[1]] == ["No", "Kode Indikator", "Misi", "Indikator Kinerja", "Cara Perhitungan",
                                        "Satuan", "Polaritas", "Nilai Dasar", "Realisasi 2018", "Target 2019",
                                        "Keputusan", "Realisasi 2019", "Sumber Data", "Bukti Dukung", "Penjelasan",
                                        "Upaya Perbaikan"]
    assert [ws["B2"].value, ws["G2"].value, ws["J2"].value, ws["K2"].value] == ["DINKES-01", "Turun", 51.9, "Sanggup"]
    assert ws["K5"].value == "–"  # no offer
    idn = wb["Identitas"]
    assert [idn["B2"].value, idn["B4"].value, idn["B5"].value] == ["DINKES", 2019, "dr. Hendra Kusuma, M.Kes."]


def test_locked_where_the_opd_must_not_type(forms):
    _, folder = forms
    wb = openpyxl.load_workbook(folder / "DINKES.xlsx")
    ws = wb["Realisasi"]
    assert ws.protection.sheet
    for ref in ("B2", "D2", "E2", "F2", "G2", "H2", "I2", "J2", "K2"):
        assert ws[ref].protection.locked, ref
        assert ws[ref].fill.fgColor.rgb.endswith("F2F2F2"), ref  # grey like every pre-filled column
    for ref in ("L2", "M2", "N2", "O2", "P2"):
        assert not ws[ref].protection.locked, ref
    idn = wb["Identitas"]
    assert idn["B2"].protection.locked and idn["B4"].protection.locked  # Kode OPD, Tahun Evaluasi
    assert not idn["B5"].protection.locked  # Nama Kepala OPD: editable when the head changed


def test_number_cells_have_an_input_message_and_no_dropdown(forms):
    _, folder = forms
    ws = openpyxl.load_workbook(folder / "DINKES.xlsx")["Realisasi"]
    dv = next(d for d in ws.data_validations.dataValidation if "L2" in d.sqref)
    assert dv.type == "decimal" and dv.showInputMessage and "Realisasi" in dv.promptTitle
    assert "koma" in dv.prompt


def test_petunjuk_has_a_worked_example(forms):
    _, folder = forms
    ws = openpyxl.load_workbook(folder / "DINKES.xlsx")["Petunjuk"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "97 ÷ 95 × 100 = 102,11%" in text and "Sangat Tinggi" in text
    assert "(2 − 60 ÷ 56) × 100 = 92,86%" in text


def test_form_passes_openxml_audit(forms):
    if shutil.which("openxml-audit") is None:
        pytest.skip("openxml-audit not installed")
    _, folder = forms
    out = subprocess.run(["openxml-audit", str(folder / "DINKES.xlsx")], capture_output=True, text=True)
    assert "Errors: 0" in out.stdout, out.stdout


@needs_soffice
def test_libreoffice_roundtrip_reads_clean(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    saved = soffice_roundtrip(CLEAN / "evaluasi/2019/masuk/DINKES.xlsx", tmp_path / "lo")
    shutil.copy(saved, masuk(root) / "DINKES.xlsx")
    s = prepare(root, YEAR)
    result = check_round(s)
    mine = [f for f in result.report.findings if f.file == "DINKES.xlsx"]
    assert mine == []
    sub = result.submissions[0]
    assert [r.realisasi for r in sub.rows] == [57.09, 8.06, 20, 80.17, 88.2]


@needs_soffice
def test_tolerant_reading_numbers_as_text_percent_cells_blank_rows_formulas(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    wb = openpyxl.load_workbook(CLEAN / "evaluasi/2019/masuk/DINKES.xlsx")
    ws = wb["Realisasi"]
    ws["L2"].value = "57,09"                    # typed as text (LK303)
    ws["L5"].value = 0.8017                     # a percent cell in a % unit (LK312)
    ws["L5"].number_format = "0.00%"
    ws["L6"].value = "=882/10"                  # a formula: LibreOffice stores its value
    ws.insert_rows(4)                           # a blank row between entries
    edited = tmp_path / "edit" / "DINKES.xlsx"
    edited.parent.mkdir()
    wb.save(edited)
    saved = soffice_roundtrip(edited, tmp_path / "lo")
    shutil.copy(saved, masuk(root) / "DINKES.xlsx")
    result = check_round(prepare(root, YEAR))
    got = sorted((f.code, f.cell) for f in result.report.findings if f.file == "DINKES.xlsx")
    assert got == [("LK303", "L2"), ("LK312", "L6")]
    sub = result.submissions[0]
    assert [r.realisasi for r in sub.rows] == [57.09, 8.06, 20, 80.17, 88.2]
    assert not result.report.errors


def test_template_for_one_opd_and_outside_the_period(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", "2021", "--opd", "dinkes"])
    assert res.exit_code == 0, res.output
    assert [p.name for p in (root / "evaluasi/2021/formulir").iterdir()] == ["DINKES.xlsx"]
    ws = openpyxl.load_workbook(root / "evaluasi/2021/formulir/DINKES.xlsx")["Realisasi"]
    assert ws["J1"].value == "Target 2021" and ws["J2"].value == 44.6  # the agreed path's 2021 value
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", "2018"])
    assert res.exit_code == 2 and "di luar periode 2019–2023" in res.output
