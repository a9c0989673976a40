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
get no offer. Only existing rows are touched, and rows the processor marked (status
column filled) are left alone.

    python sample_workbooks/penawaran_contoh.py <auction>/penawaran.xlsx
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
    position: dict[str, int] = {}

    def get(r, key):
        return ws.cell(r, cols[key]).value if key in cols else None

    def put(r, key, value):
        ws.cell(r, cols[key]).value = value

    for r in range(2, ws.max_row + 1):
        kode_opd = get(r, "kode_opd")
        if not kode_opd or get(r, "status"):
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
            counts["Tidak Sanggup (negosiasi)"] += 1
        else:
            put(r, "keputusan", "Tidak Sanggup")
            put(r, "catatan", NOTES["tolak"])
            counts["Tidak Sanggup"] += 1
    wb.save(path)
    return counts


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("pemakaian: python sample_workbooks/penawaran_contoh.py <lelang>/penawaran.xlsx")
    print(fill_example_offers(sys.argv[1]))
