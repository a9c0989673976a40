"""Hostile values in sheet Status OPD and in the offers: findings, never a traceback;
nothing typed as text becomes a formula in what the processor writes back."""

from __future__ import annotations

import re
import zipfile

from openpyxl import load_workbook

from .agreement_support import entries, set_offer
from .test_run import _run, auction  # noqa: F401

HOSTILE = "=HYPERLINK(\"http://x\",\"klik\") 😀 ꦩꦭꦁ <b>&amp;</b>"


def test_hostile_status_sheet_and_offers(auction):
    pen = auction / "penawaran.xlsx"
    wb = load_workbook(pen)
    ws = wb["Status OPD"]
    head = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["DINKES"], head["Sesi Selesai"]).value = 1e308
    for kode, value in (("DISDAG", HOSTILE), ("DPUPR", "Y" * 40_000)):
        c = ws.cell(rows[kode], head["Sesi Selesai"])
        c.value, c.data_type = value, "s"
    c = ws.cell(rows["DISHUB"], head["Catatan Sesi"])
    c.value, c.data_type = HOSTILE, "s"
    extra = ws.max_row + 1  # a row for an OPD nobody knows, typed by hand
    for col, value in ((1, HOSTILE), (head["Sesi Selesai"], "Ya")):
        ws.cell(extra, col).value = value
        ws.cell(extra, col).data_type = "s"
    wb.save(pen)
    res = _run(auction)
    assert res.exit_code == 1
    for kode in ("DINKES", "DISDAG", "DPUPR"):
        assert f"Status OPD!G{rows[kode]}: LK510" in res.output, kode
    pacts = {p.name.split("_")[0] for p in (auction / "hasil" / "pakta").glob("*.docx")}
    assert pacts == {"DISDIK", "DISPERIN", "DISBUDPAR", "DISHUB", "DISPERKIM", "DPMPTSP"}
    # written back literally, as text; the unknown OPD's row is kept and marked, never a pact
    ws = load_workbook(pen)["Status OPD"]
    head = {c.value: c.column for c in ws[1]}  # the file was upgraded: its columns read again
    values = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(values["DISHUB"], head["Catatan Sesi"]).value == HOSTILE
    assert HOSTILE in values and "TIDAK ADA DI DAFTAR PANEL" in ws.cell(values[HOSTILE], head["Status Baris"]).value
    with zipfile.ZipFile(pen) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.findall(r"<f(?: [^>]*)?>[^<]*HYPERLINK", z.read(name).decode()), name


def test_huge_offer_value_is_a_finding_or_a_number_never_a_traceback(auction):
    pen = auction / "penawaran.xlsx"
    ws = load_workbook(pen)["Penawaran"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[4].value != "%")  # Satuan: not a percentage
    kode_opd, kode = row[0].value, row[2].value
    set_offer(pen, kode_opd, kode, Tawaran_Target_Akhir=1e308, Keputusan="Sanggup")
    res = _run(auction)
    assert "Traceback" not in res.output
    reg = next(i for i in entries(auction)[kode_opd]["indikator"] if i["kode"] == kode)
    assert reg["tawaran"]["nilai"] == 1e308 and reg["target"][str(reg["tawaran"]["tahun"])] == 1e308
