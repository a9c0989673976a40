"""The lock: an issued pact never changes silently; clearing Sesi Selesai withdraws
nothing, setting it again issues a new version (kesepakatan.md)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from .agreement_support import entries, register, session_cells, set_offer, set_session
from .support import needs_soffice, sha
from .test_run import _run, auction  # noqa: F401  (the sample auction fixture, `lelang run`)

DINKES_PACT = "DINKES_dinas-kesehatan.docx"


def _entry_bytes(root: Path, kode: str) -> bytes:
    return json.dumps(entries(root)[kode], sort_keys=True, ensure_ascii=False).encode()


def _resubmit(root: Path, kode: str, name: str) -> None:
    wb = load_workbook(root / "masuk" / f"{kode}.xlsx")
    wb["Indikator"]["F2"] = name
    wb.save(root / "masuk" / f"{kode}.xlsx")


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(path).paragraphs) + "\n".join(
        c.text for t in Document(path).tables for row in t.rows for c in row.cells)


def test_resubmission_after_issue_is_locked_then_corrected(auction):
    pakta = auction / "hasil" / "pakta"
    res = _run(auction)
    assert res.exit_code == 0, res.output
    pact_bytes = (pakta / DINKES_PACT).read_bytes()
    entry = _entry_bytes(auction, "DINKES")

    # DINKES resubmits after its pact was issued: LK509 at the changed cell, nothing of the pact changes
    _resubmit(auction, "DINKES", "Angka Kematian Ibu (revisi)")
    res = _run(auction)
    assert res.exit_code == 1
    assert "DINKES.xlsx:Indikator!F2: LK509" in res.output
    assert "DINKES-01 Indikator Kinerja: Angka Kematian Ibu → Angka Kematian Ibu (revisi)" in res.output
    assert (pakta / DINKES_PACT).read_bytes() == pact_bytes
    assert _entry_bytes(auction, "DINKES") == entry
    assert (auction / "hasil" / "per-opd" / "DINKES" / DINKES_PACT).read_bytes() == pact_bytes
    assert "Pakta terkunci (formulir atau tawaran berubah setelah terbit, LK509): DINKES." in res.output
    # and again: still the same (the cache never bypasses the lock)
    assert _run(auction).exit_code == 1
    assert (pakta / DINKES_PACT).read_bytes() == pact_bytes and _entry_bytes(auction, "DINKES") == entry

    # the panel clears Sesi Selesai: nothing is withdrawn, the pact stays in force
    set_session(auction / "penawaran.xlsx", "DINKES", None)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert (pakta / DINKES_PACT).read_bytes() == pact_bytes and _entry_bytes(auction, "DINKES") == entry
    assert "Pakta DINKES ditarik" not in res.output and len(entries(auction)) == 9

    # set again (no evaluation yet): a correction, version 2 from the first year; version 1 archived
    set_session(auction / "penawaran.xlsx", "DINKES", "Ya")
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert "Pakta baru terbit: DINKES" in res.output and "Perubahan ke-1 mulai 2019: Koreksi" in res.output
    assert "Angka Kematian Ibu (revisi)" in _text(pakta / DINKES_PACT)
    first, new = register(auction)["opd"]["DINKES"]["versi"]
    assert json.dumps(first["indikator"], sort_keys=True) == json.dumps(json.loads(entry)["indikator"], sort_keys=True)
    assert (auction / first["pakta"]["berkas"]).read_bytes() == pact_bytes
    assert new["formulir"]["sha256"] == sha(auction / "masuk" / "DINKES.xlsx")
    assert new["pakta"]["sha256"] == sha(pakta / DINKES_PACT)
    assert new["indikator"][0]["indikator"] == "Angka Kematian Ibu (revisi)"


def test_changed_offer_rows_lock_the_pact(auction):
    assert _run(auction).exit_code == 0
    pact = next((auction / "hasil" / "pakta").glob("DISDIK_*.docx"))
    before, entry = pact.read_bytes(), _entry_bytes(auction, "DISDIK")
    kode = entries(auction)["DISDIK"]["indikator"][0]["kode"]
    set_offer(auction / "penawaran.xlsx", "DISDIK", kode, Catatan="Catatan diubah setelah pakta terbit")
    res = _run(auction)
    assert res.exit_code == 1
    assert "LK509" in res.output and "isi baris penawaran berubah" in res.output
    assert pact.read_bytes() == before and _entry_bytes(auction, "DISDIK") == entry
    # other OPDs are not held back by it
    assert len(entries(auction)) == 9


def test_session_marks_tolerated_and_rejected(auction):
    pen = auction / "penawaran.xlsx"
    set_session(pen, "DINKES", "ya ")
    set_session(pen, "DISDAG", "YA")
    set_session(pen, "DISPERIN", "Ya.")
    cell = set_session(pen, "DPUPR", "sudah")
    res = _run(auction)
    assert res.exit_code == 1
    assert f"penawaran.xlsx:Status OPD!{cell}: LK510" in res.output
    pacts = {p.name.split("_")[0] for p in (auction / "hasil" / "pakta").glob("*.docx")}
    assert {"DINKES", "DISDAG", "DISPERIN"} <= pacts and "DPUPR" not in pacts and len(pacts) == 8


def test_deleted_status_sheet_is_recreated_without_withdrawing_pacts(auction):
    assert _run(auction).exit_code == 0
    hashes = {p.name: sha(p) for p in (auction / "hasil" / "pakta").iterdir()}
    wb = load_workbook(auction / "penawaran.xlsx")
    del wb["Status OPD"]
    wb.save(auction / "penawaran.xlsx")
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert "penawaran.xlsx:Status OPD: LK512" in res.output
    assert {k: v for k, (_, v) in session_cells(auction / "penawaran.xlsx").items()} == {
        k: "Ya" for k in entries(auction)}
    assert {p.name: sha(p) for p in (auction / "hasil" / "pakta").iterdir()} == hashes
    assert list((auction / "hasil" / "arsip").glob("penawaran-*.xlsx"))  # the previous file is kept


@needs_soffice
def test_locked_pact_keeps_its_pdf(auction):
    pen = auction / "penawaran.xlsx"
    for kode in session_cells(pen):
        if kode != "DINKES":
            set_session(pen, kode, None)
    res = _run(auction, "--pdf")
    assert res.exit_code == 0, res.output
    pdf = auction / "hasil" / "pakta" / "DINKES_dinas-kesehatan.pdf"
    before = pdf.read_bytes()
    entry = entries(auction)["DINKES"]
    assert entry["pakta"]["pdf"] == "hasil/pakta/DINKES_dinas-kesehatan.pdf"
    assert entry["pakta"]["pdf_sha256"] == sha(pdf)
    _resubmit(auction, "DINKES", "Angka Kematian Ibu (revisi)")
    res = _run(auction, "--pdf")
    assert res.exit_code == 1 and "LK509" in res.output
    assert pdf.read_bytes() == before and entries(auction)["DINKES"] == entry
    txt = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "(revisi)" not in txt
