"""The PK form: one per OPD with an agreement in force, pre-filled from it, locked where
the OPD must not type, a Sumber Dana dropdown and input messages, valid OOXML; an OPD of
panel.xlsx without an agreement gets no form and is named."""

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .pk_support import YEAR, pk_auction


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = pk_auction(tmp_path_factory.mktemp("pkform"), with_samples=False)
    panel = openpyxl.load_workbook(root / "panel.xlsx")
    ws = panel["OPD"]
    ws.append(["DISKOMINFO", "Dinas Komunikasi dan Informatika"])
    panel.save(root / "panel.xlsx")
    res = CliRunner().invoke(main, ["pk", "template", str(root), "--year", str(YEAR)])
    assert res.exit_code == 0, res.output
    return root, root / "pk/2019/formulir", res.output


def test_one_form_per_opd_in_force_and_the_others_named(forms):
    _, folder, output = forms
    assert len(list(folder.glob("*.xlsx"))) == 9
    assert not (folder / "DISKOMINFO.xlsx").exists()
    assert "DISKOMINFO (Dinas Komunikasi dan Informatika): tidak ada kesepakatan yang berlaku untuk tahun 2019" in output


def test_prefilled_from_the_agreement(forms):
    root, folder, _ = forms
    wb = openpyxl.load_workbook(folder / "DINKES.xlsx")
    assert wb.sheetnames == ["Petunjuk", "Identitas", "Sasaran dan Target", "Program dan Anggaran", "_Daftar"]
    assert wb["_Daftar"].sheet_state == "hidden"
    ws = wb["Sasaran dan Target"]
    assert [c.value for c in ws[1]] == ["No", "Kode Indikator", "Misi", "Sasaran Strategis", "Indikator Kinerja",
                                        "Cara Perhitungan", "Satuan", "Polaritas", "Target 2019", "Penanggung Jawab"]
    assert [ws["B2"].value, ws["E2"].value, ws["H2"].value, ws["I2"].value] == [
        "DINKES-01", "Angka Kematian Ibu", "Turun", 51.9]
    idn = wb["Identitas"]
    assert [idn["B2"].value, idn["B4"].value, idn["B5"].value] == ["DINKES", 2019, "dr. Hendra Kusuma, M.Kes."]
    prog = wb["Program dan Anggaran"]
    assert [c.value for c in prog[1]] == ["No", "Program *", "Kegiatan", "Anggaran (Rp) *", "Sumber Dana",
                                          "Kode Indikator Didukung *", "Keterangan"]
    assert prog["B2"].value == "Program Upaya Kesehatan Masyarakat" and prog["D2"].value is None
    petunjuk = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Kota Malang, 2019" in petunjuk and "Rp 1.250.000.000" in petunjuk


def test_locked_where_the_opd_must_not_type(forms):
    _, folder, _ = forms
    wb = openpyxl.load_workbook(folder / "DINKES.xlsx")
    ws = wb["Sasaran dan Target"]
    assert ws.protection.sheet
    for ref in ("B2", "D2", "E2", "I2"):
        assert ws[ref].protection.locked, ref
    assert not ws["J2"].protection.locked
    idn = wb["Identitas"]
    assert idn["B2"].protection.locked and idn["B4"].protection.locked
    assert not idn["B5"].protection.locked  # the head who signs: editable
    prog = wb["Program dan Anggaran"]
    assert prog.protection.sheet and not prog["D30"].protection.locked


def test_sumber_dana_dropdown_and_input_messages(forms):
    _, folder, _ = forms
    ws = openpyxl.load_workbook(folder / "DINKES.xlsx")["Program dan Anggaran"]
    by_col = {str(d.sqref).split(":")[0][0]: d for d in ws.data_validations.dataValidation}
    assert by_col["E"].type == "list" and "_Daftar" in by_col["E"].formula1
    assert by_col["D"].type == "decimal" and by_col["D"].operator == "greaterThanOrEqual"
    assert "1250000000" in by_col["D"].prompt
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9


def test_forms_pass_openxml_audit(forms):
    audit = pytest.importorskip("openxml_audit")
    _, folder, _ = forms
    v = audit.OpenXmlValidator()
    result = v.validate(str(folder / "DINKES.xlsx"))
    errors = [e for e in result.errors if e.severity == audit.ValidationSeverity.ERROR]
    assert errors == []
