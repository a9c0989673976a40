"""The content lock of an issued PK: a changed form is reported and held (the PK stays
byte-identical) until the secretariat sets Terbitkan Perubahan = Ya with a new Tanggal
PK; the run then issues a PK Perubahan, moves the earlier PK to hasil/arsip/ and keeps
both in pk.json. The secretariat's values in status-pk.xlsx are kept across updates; an
OPD without a form is 'belum mengirim'."""

import datetime as dt
import json

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main
from lelang_xlsx.reading.files import sha256_file

from .pk_support import YEAR, masuk, pk_auction
from .support import needs_soffice, soffice_roundtrip


def run(root):
    res = CliRunner().invoke(main, ["pk", "run", str(root), "--year", str(YEAR), "-j", "1"])
    assert "Traceback" not in res.output
    return res


def status(root) -> dict:
    ws = openpyxl.load_workbook(root / "pk/2019/status-pk.xlsx")["Status PK"]
    head = [c.value for c in ws[1]]
    return {r[0]: dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


def set_status(root, kode, **values):
    path = root / "pk/2019/status-pk.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Status PK"]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == kode:
            for label, v in values.items():
                ws.cell(r, head[label]).value = v
    wb.save(path)


def pk_json(root):
    return json.loads((root / "pk/2019/hasil/pk.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = pk_auction(tmp_path_factory.mktemp("pklock"))
    (masuk(root) / "DISHUB.xlsx").unlink()
    assert run(root).exit_code == 0
    return root


def test_an_opd_without_a_form(root):
    s = status(root)
    assert s["DISHUB"]["Status PK"] == "belum mengirim" and s["DISHUB"]["Versi PK"] == ""
    assert not list((root / "pk/2019/hasil/pk").glob("DISHUB_*"))


def test_changed_form_is_held_then_issued_as_pk_perubahan(root):
    doc = next((root / "pk/2019/hasil/pk").glob("DINKES_*.docx"))
    before = sha256_file(doc)
    set_status(root, "DINKES", Ditandatangani=dt.datetime(2019, 2, 4))
    form = masuk(root) / "DINKES.xlsx"
    wb = openpyxl.load_workbook(form)
    wb["Program dan Anggaran"]["D2"] = 3_500_000_000
    wb.save(form)
    assert run(root).exit_code == 0
    s = status(root)["DINKES"]
    assert s["Status PK"] == "ditahan" and "Terbitkan Perubahan = Ya" in s["Keterangan"]
    assert "program dan anggaran" in s["Keterangan"]
    assert s["Ditandatangani"] == dt.datetime(2019, 2, 4)  # the secretariat's value, kept
    assert sha256_file(doc) == before  # the issued PK is not touched
    assert pk_json(root)["opd"]["DINKES"]["versi"][0]["ditandatangani"] == "2019-02-04"

    set_status(root, "DINKES", **{"Terbitkan Perubahan": "Ya"})
    assert run(root).exit_code == 0
    assert "memerlukan tanggalnya sendiri" in status(root)["DINKES"]["Keterangan"]
    assert sha256_file(doc) == before

    set_status(root, "DINKES", **{"Tanggal PK": dt.datetime(2019, 8, 15)})
    assert run(root).exit_code == 0
    s = status(root)["DINKES"]
    assert s["Status PK"] == "terbit" and s["Versi PK"] == "2"
    assert s["Terbitkan Perubahan"] in (None, "") and s["Ditandatangani"] is None
    archived = root / "pk/2019/hasil/arsip" / (doc.stem + "-versi1.docx")
    assert sha256_file(archived) == before
    text = "\n".join(p.text for p in docx.Document(doc).paragraphs)
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2019" in text and "15 Agustus 2019" in text
    assert "menggantikan Perjanjian Kinerja Tahun 2019 tertanggal 8 Desember 2019" in text
    versi = pk_json(root)["opd"]["DINKES"]["versi"]
    assert [(v["versi"], v["jenis"], v["status"]) for v in versi] == [(1, "PK", "digantikan"),
                                                                       (2, "PK Perubahan", "berlaku")]
    assert versi[0]["berkas"].endswith("arsip/" + archived.name) and versi[0]["ditandatangani"] == "2019-02-04"
    assert pk_json(root)["opd"]["DINKES"]["program"][0]["anggaran"] == 3_500_000_000


def test_a_form_with_errors_after_issue_keeps_the_pk(root):
    doc = next((root / "pk/2019/hasil/pk").glob("DISDIK_*.docx"))
    before = sha256_file(doc)
    form = masuk(root) / "DISDIK.xlsx"
    wb = openpyxl.load_workbook(form)
    wb["Program dan Anggaran"]["D2"] = -5
    wb.save(form)
    res = run(root)
    assert res.exit_code == 1 and "LK803" in res.output
    s = status(root)["DISDIK"]
    assert s["Status PK"] == "terbit" and "PK yang terbit tetap berlaku" in s["Keterangan"]
    assert sha256_file(doc) == before


@needs_soffice
def test_a_form_saved_again_in_libreoffice_does_not_touch_the_lock(root, tmp_path):
    doc = next((root / "pk/2019/hasil/pk").glob("DISDAG_*.docx"))
    before = sha256_file(doc)
    form = masuk(root) / "DISDAG.xlsx"
    saved = soffice_roundtrip(form, tmp_path / "lo")
    assert sha256_file(saved) != sha256_file(form)
    form.unlink()
    saved.replace(masuk(root) / "DISDAG dari LibreOffice.xlsx")
    assert run(root).exit_code in (0, 1)  # DISDIK's form still has its error
    s = status(root)["DISDAG"]
    assert s["Status PK"] == "terbit" and s["Versi PK"] == "1"
    assert sha256_file(doc) == before
