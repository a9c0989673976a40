"""The monitoring workbook and its checks: the template as the OPD receives it, one
broken sample per LK9xx code at its cell, the bad input of issue 21 (targets as text or
percent cells, TW IV filled while TW II is empty, last year's workbook, two workbooks of
one OPD, quarter columns deleted, hostile files): each a finding, the round goes on,
inputs untouched, no traceback. openxml-audit on every new kind of file."""

from __future__ import annotations

import json
import shutil
import zipfile

import openpyxl
import pytest

from lelang_xlsx.pantau import contract as P
from lelang_xlsx.pantau.form import write_form
from lelang_xlsx.pantau.run import check_one, prepare
from lelang_xlsx.reading.xlsxread import Limits

from .pantau_support import RUSAK, SAMPLE_MASUK, YEAR, hasil, masuk, pantau_auction, register, run_cli
from .support import tree_hashes


@pytest.fixture(scope="module")
def auction(tmp_path_factory):
    return pantau_auction(tmp_path_factory.mktemp("pantau-check"), with_samples=False)


def _check(root, path):
    s = prepare(root, YEAR)
    return check_one(path, path.name, s, Limits())


def _codes(sub):
    return sorted((f.code, f.sheet, f.cell) for f in sub.findings)


def test_template_is_prefilled_locked_and_explains_sifat_data(auction):
    res = run_cli("template", auction, "--year", YEAR)
    assert res.exit_code == 0, res.output
    path = auction / "pantau" / str(YEAR) / "formulir" / "DISPERIN.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Petunjuk", "Identitas", "Rencana Aksi", "Realisasi Triwulan", "_Daftar"]
    ws = wb["Rencana Aksi"]
    assert [c.value for c in ws[1]] == ["No", "Kode Indikator", "Indikator Kinerja", "Satuan", "Polaritas",
                                         "Target 2020", "Sifat Data", "Target TW I", "Target TW II", "Target TW III",
                                         "Target TW IV", "Rencana Aksi"]
    assert [ws.cell(r, 2).value for r in range(2, 7)] == [f"DISPERIN-0{i}" for i in range(1, 6)]
    assert ws.cell(4, 6).value == 300  # the 2020 target in force for DISPERIN-03
    assert ws.protection.sheet and ws.cell(4, 6).protection.locked and not ws.cell(4, 7).protection.locked
    dv = {str(d.sqref).split(":")[0]: d for d in ws.data_validations.dataValidation}
    sifat = dv["G2"]
    assert sifat.type == "list" and sifat.formula1 == '"Kumulatif,Nilai Akhir,Rata-rata"'
    for word in ("Kumulatif", "Nilai Akhir", "Rata-rata", "TW IV = target tahunan", "60/140/220/300"):
        assert word in sifat.prompt
    assert "Target TW IV harus sama dengan target tahunan" in dv["K2"].prompt
    real = wb["Realisasi Triwulan"]
    assert [c.value for c in real[1]][4:7] == ["Realisasi TW I", "Bukti TW I", "Penjelasan TW I"]
    assert real.protection.sheet and real.cell(2, 2).protection.locked and not real.cell(2, 5).protection.locked
    text = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Target TW IV harus sama dengan target tahunan" in text and "Contoh: DISPERIN-01" in text
    assert wb["Rencana Aksi"].page_setup.orientation == "landscape"


def test_lk904_message_gives_the_expected_value(auction):
    sub = _check(auction, RUSAK / "LK904_tw4_bukan_target_tahunan.xlsx")
    (f,) = sub.findings
    assert "Target TW IV yang benar: 300." in f.message and "310" in f.message


def _filled(root, kode="DISPERIN"):
    """The sample's data for one OPD as FormData (to vary it)."""
    import sys

    sys.path.insert(0, str(SAMPLE_MASUK.parents[3]))
    from build_pantau import filled

    reg = register(root)
    a = reg.in_force(kode, YEAR)
    return reg, a, filled(a, list(reg.opd).index(kode))


def test_targets_as_text_and_percent_cells_are_findings_at_their_cells(auction, tmp_path):
    from lelang_xlsx.workbooks.formulir import Raw

    reg, a, d = _filled(auction)
    d.rencana[0].update(t2=Raw("27,75", as_text=True), t3=Raw("dua puluh", as_text=True))  # DISPERIN-01, unit %
    d.rencana[4].update(t1=Raw(0.6025, num_format="0.00%"))  # DISPERIN-05 (%): a percent cell
    p = write_form(tmp_path / "teks.xlsx", a, YEAR, reg.pemda, d)
    got = _codes(_check(auction, p))
    assert ("LK303", "Rencana Aksi", "I2") in got  # text with one reading: read, warned
    assert ("LK302", "Rencana Aksi", "J2") in got  # not a number
    assert ("LK312", "Rencana Aksi", "H6") in got  # 60,25 % typed in a percent cell


def test_tw4_filled_while_tw2_empty(auction, tmp_path):
    reg, a, d = _filled(auction)
    d.realisasi[3].update(r2=None, r4=42000)  # DISPERIN-04 (workers, Naik, 2020 target 40650), row 5
    p = write_form(tmp_path / "lompat.xlsx", a, YEAR, reg.pemda, d)
    assert ("LK906", "Realisasi Triwulan", "H5") in _codes(_check(auction, p))


def test_quarter_columns_deleted(auction, tmp_path):
    reg, a, d = _filled(auction)
    src = write_form(tmp_path / "utuh.xlsx", a, YEAR, reg.pemda, d)
    wb = openpyxl.load_workbook(src)
    wb["Realisasi Triwulan"].delete_cols(11, 6)  # TW III and TW IV gone
    wb.save(tmp_path / "kolom.xlsx")
    got = _codes(_check(auction, tmp_path / "kolom.xlsx"))
    assert ("LK103", "Realisasi Triwulan", "K1") in got  # where the TW III column belongs
    assert not any(code.startswith("LK9") for code, *_ in got)


def test_workbook_for_another_opd(auction, tmp_path):
    reg, a, d = _filled(auction)
    d.identity["kode_opd"] = "DISDIK"  # DISPERIN's form, retyped as DISDIK's
    p = write_form(tmp_path / "lain.xlsx", a, YEAR, reg.pemda, d)
    assert _codes(_check(auction, p)) == [("LK902", "Identitas", "B2")]


def test_evaluation_form_in_the_monitoring_folder(auction, tmp_path):
    from lelang_xlsx.evaluasi.form import write_form as write_eval

    reg, a, _ = _filled(auction)
    p = write_eval(tmp_path / "realisasi.xlsx", a, 2020, reg.pemda)
    assert _codes(_check(auction, p)) == [("LK902", "", "")]


def test_two_workbooks_of_one_opd_the_newest_counts(tmp_path):
    root = pantau_auction(tmp_path)
    reg, a, d = _filled(root)
    for row in d.realisasi:  # the TW II return: nothing for TW III yet
        for k in ("r3", "b3", "p3"):
            row.pop(k, None)
    write_form(masuk(root) / "DISPERIN tw2.xlsx", a, YEAR, reg.pemda, d)
    before = tree_hashes(masuk(root))
    res = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert res.exit_code == 1
    assert tree_hashes(masuk(root)) == before
    lines = [x for x in res.output.splitlines() if "LK204" in x]
    assert len(lines) == 1 and lines[0].startswith("DISPERIN tw2.xlsx:Identitas!B2: LK204")
    assert "yang terbaru, DISPERIN.xlsx (s.d. TW III)" in lines[0] and "sisakan hanya berkas terbaru" in lines[0]
    data = json.loads((hasil(root) / "pemantauan.json").read_text(encoding="utf-8"))
    o = next(o for o in data["opd"] if o["kode"] == "DISPERIN")
    assert o["berkas"] == "DISPERIN.xlsx" and o["dilaporkan"] == 3


def test_last_years_workbook(auction, tmp_path):
    reg, a, d = _filled(auction)
    d.marker = (P.FORM_VERSION, 2019, None)
    p = write_form(tmp_path / "2019.xlsx", a, YEAR, reg.pemda, d)
    (f,) = _check(auction, p).findings
    assert f.code == "LK902" and "untuk tahun 2019, bukan 2020" in f.message


audit = pytest.importorskip("openxml_audit")


def test_openxml_audit_on_every_new_file(tmp_path):
    root = pantau_auction(tmp_path)
    assert run_cli("template", root, "--year", YEAR).exit_code == 0
    assert run_cli("run", root, "--year", YEAR, "--jobs", 1).exit_code == 0
    files = [root / "pantau" / str(YEAR) / "formulir" / "DINKES.xlsx", SAMPLE_MASUK / "DISDAG.xlsx",
             hasil(root) / "pemantauan.xlsx", hasil(root) / "laporan.xlsx", hasil(root) / "umpan-balik" / "DINKES.xlsx",
             *sorted(RUSAK.glob("*.xlsx"))]
    v = audit.OpenXmlValidator()
    for p in files:
        errors = [e for e in v.validate(str(p)).errors if e.severity == audit.ValidationSeverity.ERROR]
        assert not errors, (p.name, [f"{e.part_uri}: {e.description}" for e in errors][:3])
    assert zipfile.is_zipfile(hasil(root) / "pemantauan.xlsx")
    shutil.rmtree(root)


def test_two_workbooks_reporting_the_same_quarter_none_is_used(tmp_path):
    root = pantau_auction(tmp_path)
    shutil.copy2(masuk(root) / "DISPERIN.xlsx", masuk(root) / "DISPERIN salinan.xlsx")
    res = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert res.exit_code == 1
    lines = [x for x in res.output.splitlines() if ": LK204 " in x]
    assert len(lines) == 2 and all("belum ada yang dipakai" in x for x in lines)  # the tool does not guess
    data = json.loads((hasil(root) / "pemantauan.json").read_text(encoding="utf-8"))
    o = next(o for o in data["opd"] if o["kode"] == "DISPERIN")
    assert o["status"] == "lebih dari satu berkas" and o["lampu"]["abu-abu"] == 5
