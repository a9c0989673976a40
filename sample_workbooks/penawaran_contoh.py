"""Fill a generated ``penawaran.xlsx`` with an example panel session (Kota Malang samples).

Used by the end-to-end demo: after ``lelang offers`` has created the offer workbook from
the sample submissions, :func:`fill_example_offers` plays the panel. For each OPD, in
row order, it cycles through:

1. an offer tougher than the proposal, answered ``Sanggup`` (the first one also a year
   sooner: the "aspek waktu" of the auction);
2. a tougher offer answered ``Tidak Sanggup``, with a negotiated value half-way;
3. a tougher offer answered ``Tidak Sanggup``, without a negotiated value;
4. no offer (the proposal stands).

Every offer gets a decision, so every OPD is ready for its pact. ``Tetap`` indicators
get no offer. The first negotiated value of the auction also gets a ``Tahun Disepakati``
a year before the end. Only existing rows are touched, and rows the processor marked
as not processed are left alone. :func:`close_sessions` then plays the end of each
session: ``Sesi Selesai`` = ``Ya`` in sheet ``Status OPD``.

:func:`build_sample_offers` does all of it for an auction folder, the way
``sample_workbooks/build.py`` makes ``malang-2018/penawaran.xlsx``.

    python sample_workbooks/penawaran_contoh.py <auction>/penawaran.xlsx   # fill offers and close sessions
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import openpyxl

from lelang_xlsx import contract as C

_LABEL = {f.key: f.label for f in C.PENAWARAN_FIELDS}

NOTES = {
    "sanggup": "Disanggupi Kepala OPD dalam sesi lelang kinerja.",
    "sanggup_cepat": "Disanggupi; target dicapai lebih cepat dengan dukungan lintas OPD.",
    "nego": "Tidak sanggup penuh; disepakati nilai tengah setelah negosiasi.",
    "tolak": "Tidak sanggup karena keterbatasan anggaran; usulan semula berlaku.",
    "nego_tahun": "Tidak sanggup penuh; nilai tengah disepakati dicapai setahun sebelum akhir periode.",
}


def _num(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _decimals(*values: float) -> int:
    d = 0
    for v in values:
        for k in range(4):
            if math.isclose(round(v, k), v, abs_tol=1e-9):
                d = max(d, k)
                break
        else:
            d = 4
    return d


def _tougher(polaritas: str, dasar: float | None, usulan: float, satuan: str) -> float | None:
    """A realistic tougher end-point: about a fifth of the planned improvement more."""
    p = C.norm(polaritas)
    if p not in ("naik", "turun"):
        return None
    gain = abs(usulan - dasar) if dasar is not None else 0.0
    step = max(gain * 0.2, abs(usulan) * 0.02)
    d = _decimals(usulan, dasar or 0.0)
    if step < 1 and d == 0:
        d = 1
    step = round(step, d) or 10 ** -d
    value = usulan + step if p == "naik" else usulan - step
    if C.norm(satuan) == C.PERCENT_UNIT:
        value = min(value, 100.0)
    value = max(value, 0.0)
    value = round(value, d)
    if value == usulan:
        return None
    return float(int(value)) if d == 0 else value


def fill_example_offers(path: str | Path) -> dict[str, int]:
    """Fill the panel columns of an existing penawaran.xlsx; returns counts by outcome."""
    path = Path(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    cols = {}
    wanted = {C.norm(label): key for key, label in _LABEL.items()}
    wanted[C.norm(C.PENAWARAN_STATUS_HEADER)] = "status"
    for c in range(1, ws.max_column + 1):
        key = wanted.get(C.norm(ws.cell(1, c).value))
        if key and key not in cols:
            cols[key] = c
    counts = {"Sanggup": 0, "Tidak Sanggup (negosiasi)": 0, "Tidak Sanggup": 0, "tanpa tawaran": 0}
    not_processed = ("INDIKATOR TIDAK ADA", "ISIAN OPD SEDANG", "BARIS GANDA")
    position: dict[str, int] = {}

    def get(r, key):
        return ws.cell(r, cols[key]).value if key in cols else None

    def put(r, key, value):
        ws.cell(r, cols[key]).value = value

    for r in range(2, ws.max_row + 1):
        kode_opd = get(r, "kode_opd")
        if not kode_opd or str(get(r, "status") or "").startswith(not_processed):
            continue
        usulan = _num(get(r, "usulan_nilai"))
        if usulan is None:
            continue
        k = position.get(kode_opd, 0)
        position[kode_opd] = k + 1
        offer = _tougher(str(get(r, "polaritas") or ""), _num(get(r, "nilai_dasar")), usulan,
                         str(get(r, "satuan") or ""))
        kind = k % 4
        if offer is None or kind == 3:
            counts["tanpa tawaran"] += 1
            continue
        put(r, "tawaran_nilai", offer)
        if kind == 0:
            put(r, "keputusan", "Sanggup")
            tahun = get(r, "usulan_tahun")
            if k == 0 and isinstance(tahun, (int, float)):
                put(r, "tawaran_tahun", int(tahun) - 1)
                put(r, "catatan", NOTES["sanggup_cepat"])
            else:
                put(r, "catatan", NOTES["sanggup"])
            counts["Sanggup"] += 1
        elif kind == 1:
            put(r, "keputusan", "Tidak Sanggup")
            d = _decimals(usulan, offer)
            put(r, "disepakati", round((usulan + offer) / 2, max(d, 1) if (usulan + offer) % 2 else d))
            put(r, "catatan", NOTES["nego"])
            tahun = get(r, "usulan_tahun")
            if not counts["Tidak Sanggup (negosiasi)"] and "disepakati_tahun" in cols and isinstance(tahun, (int, float)):
                put(r, "disepakati_tahun", int(tahun) - 1)
                put(r, "catatan", NOTES["nego_tahun"])
            counts["Tidak Sanggup (negosiasi)"] += 1
        else:
            put(r, "keputusan", "Tidak Sanggup")
            put(r, "catatan", NOTES["tolak"])
            counts["Tidak Sanggup"] += 1
    wb.save(path)
    return counts


def close_sessions(path: str | Path, only: set[str] | None = None, note: str = "Sesi selesai; semua tawaran diputuskan.") -> int:
    """Set Sesi Selesai = Ya (sheet Status OPD) for every OPD (or those in ``only``); returns how many."""
    path = Path(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_STATUS_OPD]
    head = {C.norm(c.value): c.column for c in ws[1]}
    kode_col = head[C.norm("Kode OPD")]
    sesi_col = head[C.norm(C.STATUS_OPD_PANEL_FIELDS[0].label)]
    note_col = head[C.norm(C.STATUS_OPD_PANEL_FIELDS[1].label)]
    n = 0
    for r in range(2, ws.max_row + 1):
        kode = ws.cell(r, kode_col).value
        if kode and (only is None or kode in only):
            ws.cell(r, sesi_col).value = C.SESSION_DONE
            ws.cell(r, note_col).value = note
            n += 1
    wb.save(path)
    return n


def build_sample_offers(root: str | Path) -> Path:
    """penawaran.xlsx for the auction folder ``root`` (panel.xlsx and masuk/): created by the
    processor, filled by the example panel, every session closed, then updated once more by
    the processor so that a first ``lelang run`` finds it current and issues every pact.
    The work happens in a temporary copy: nothing but ``root/penawaran.xlsx`` is written."""
    import shutil
    import tempfile

    from lelang_xlsx.output import atomic
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.agreement.offers import write_offers
    from lelang_xlsx.pipeline import check_and_report

    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="penawaran-contoh-") as tmp:
        work = Path(tmp) / "lelang"
        work.mkdir()
        shutil.copy2(root / C.PANEL_FILE, work / C.PANEL_FILE)
        shutil.copytree(root / C.MASUK_DIR, work / C.MASUK_DIR)
        auction = Auction.at(work)
        result = check_and_report(auction, write=False).result
        write_offers(auction.penawaran, result.panel, result.submissions)
        fill_example_offers(auction.penawaran)
        close_sessions(auction.penawaran)
        write_offers(auction.penawaran, result.panel, result.submissions)
        atomic.write_bytes(root / C.PENAWARAN_FILE, auction.penawaran.read_bytes())
    return root / C.PENAWARAN_FILE


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("pemakaian: python sample_workbooks/penawaran_contoh.py <lelang>/penawaran.xlsx")
    print(fill_example_offers(sys.argv[1]))
    print(close_sessions(sys.argv[1]), "sesi ditutup")
