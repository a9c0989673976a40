"""Read the points tables (sheet ``Poin``) and the achievement cap (``Pengaturan``) of
panel.xlsx: LK603 (missing or incomplete: the defaults are used), LK604 (invalid).
"""

from __future__ import annotations

from pathlib import Path

from .. import contract as C
from ..checking.findings import Finding, Pos, make
from ..reading.tables import CellReader, header_columns, labelled_rows, open_workbook, show
from ..reading.xlsxread import Limits, Sheet
from .scoring import PointsTable


def read_points(path: Path, display: str = C.PANEL_FILE, limits: Limits = Limits()) -> tuple[PointsTable, list[Finding]]:
    pos = Pos(display)
    wb, found = open_workbook(path, pos, limits)
    if wb is None:
        return PointsTable(), []  # the panel reader reports it
    findings: list[Finding] = []
    cap = _cap(wb.sheet(C.SHEET_PENGATURAN), pos, findings)
    ws = wb.sheet(C.SHEET_POIN)
    if ws is None or ws.kind != "worksheet":
        findings.append(make("LK603", pos.at(C.SHEET_POIN), detail=f"Lembar '{C.SHEET_POIN}' tidak ada"))
        return PointsTable(cap=cap), findings
    bands = _bands(ws, pos, findings)
    weights = _weights(ws, pos, findings)
    tidak_melapor = _tidak_melapor(ws, pos, findings)
    return PointsTable(bands=bands, weights=weights, cap=cap, tidak_melapor=tidak_melapor), findings


def _tidak_melapor(ws: Sheet, pos: Pos, findings: list[Finding]) -> float:
    """Poin Tidak Melapor (version 3): the value right of its label, anywhere in the sheet;
    a number at most 0 (a sanction)."""
    f = C.POIN_TIDAK_MELAPOR_FIELD
    where = next(((r, c) for r in sorted(ws.rows) for c in sorted(ws.rows[r])
                  if C.norm_label(ws.rows[r][c].value) == C.norm_label(f.label)), None)
    if where is None:
        findings.append(make("LK603", pos.at(ws.name), detail=f"'{f.label}' tidak ada di lembar {ws.name} "
                             f"(bawaan {show(C.DEFAULT_POIN_TIDAK_MELAPOR)})"))
        return C.DEFAULT_POIN_TIDAK_MELAPOR
    r, c = where[0], where[1] + 1
    cr = CellReader(ws, pos)
    v = cr.number(r, c, f.label, invalid_code="LK604",
                  invalid_params={"detail": f"'{f.label}' berisi '{show(ws.value(r, c))}', bukan angka"})
    findings.extend(x for x in cr.findings if x.code != "LK303")
    if v is None:
        if cr.is_blank(r, c):
            findings.append(make("LK604", pos.at(ws.name, r, c), detail=f"'{f.label}' kosong"))
        return C.DEFAULT_POIN_TIDAK_MELAPOR
    if v > 0:
        findings.append(make("LK604", pos.at(ws.name, r, c), detail=f"'{f.label}' {show(v)} di atas 0; "
                             "ini sanksi, isi 0 atau angka negatif"))
        return C.DEFAULT_POIN_TIDAK_MELAPOR
    return v


def _cap(ws: Sheet | None, pos: Pos, findings: list[Finding]) -> float:
    if ws is None:
        return C.DEFAULT_CAP
    r = labelled_rows(ws, (C.CAP_FIELD,)).get(C.CAP_FIELD.key)
    if r is None:
        return C.DEFAULT_CAP
    cr = CellReader(ws, pos)
    v = cr.number(r, 2, C.CAP_FIELD.label, invalid_code="LK601",
                  invalid_params={"label": C.CAP_FIELD.label, "detail": f"'{show(ws.value(r, 2))}' bukan angka"})
    findings.extend(f for f in cr.findings if f.code != "LK303")
    if v is None:
        return C.DEFAULT_CAP
    if v < 100:
        findings.append(make("LK601", pos.at(ws.name, r, 2), label=C.CAP_FIELD.label,
                             detail=f"({show(v)}) di bawah 100"))
        return C.DEFAULT_CAP
    return v


def _rows(ws: Sheet, cols: dict[str, int]) -> list[int]:
    return [r for r in sorted(ws.rows) if r > 1 and any(
        not CellReader(ws, Pos("")).is_blank(r, c) for c in cols.values())]


def _bands(ws: Sheet, pos: Pos, findings: list[Finding]) -> tuple[tuple[float, float], ...]:
    cols, found = header_columns(ws, C.POIN_BAND_FIELDS, pos)
    if found:
        findings.append(make("LK603", pos.at(ws.name), detail="Tabel 'Capaian Minimal (%)' / 'Poin' tidak lengkap"))
        return C.DEFAULT_BANDS
    cr = CellReader(ws, pos)
    bands: list[tuple[float, float]] = []
    bad = False
    for r in _rows(ws, cols):
        values = []
        for f in C.POIN_BAND_FIELDS:
            c = cols[f.key]
            v = cr.number(r, c, f.label, invalid_code="LK604",
                          invalid_params={"detail": f"'{f.label}' berisi '{show(ws.value(r, c))}', bukan angka"})
            if v is None and cr.is_blank(r, c):
                findings.append(make("LK604", pos.at(ws.name, r, c), detail=f"'{f.label}' kosong"))
            values.append(v)
        if None in values:
            bad = True
            continue
        if bands and values[0] >= bands[-1][0]:
            findings.append(make("LK604", pos.at(ws.name, r, cols["minimal"]),
                                 detail=f"Capaian Minimal {show(values[0])} tidak lebih kecil dari baris di atasnya; "
                                        "urutkan dari terbesar ke terkecil"))
            bad = True
        bands.append((values[0], values[1]))
    findings.extend(f for f in cr.findings if f.code != "LK303")
    if bad:
        return C.DEFAULT_BANDS
    if not bands:
        findings.append(make("LK603", pos.at(ws.name), detail="Tabel 'Capaian Minimal (%)' kosong"))
        return C.DEFAULT_BANDS
    if bands[-1][0] > 0:
        findings.append(make("LK604", pos.at(ws.name, _rows(ws, cols)[-1], cols["minimal"]),
                             detail="Baris terakhir harus Capaian Minimal 0 agar setiap capaian mendapat poin"))
        return C.DEFAULT_BANDS
    return tuple(bands)


def _weights(ws: Sheet, pos: Pos, findings: list[Finding]) -> dict[str, tuple[float, float]]:
    cols, found = header_columns(ws, C.POIN_WEIGHT_FIELDS, pos)
    weights = dict(C.DEFAULT_WEIGHTS)
    if found:
        findings.append(make("LK603", pos.at(ws.name), detail="Tabel 'Keputusan' / 'Bobot Penghargaan' / 'Bobot Sanksi' tidak lengkap"))
        return weights
    cr = CellReader(ws, pos)
    names = {C.norm(d): d for d in C.POIN_DECISIONS}
    seen = set()
    for r in _rows(ws, cols):
        decision = names.get(C.norm(cr.text(r, cols["keputusan"])))
        if decision is None:
            continue
        seen.add(decision)  # present; an invalid value is LK604, not LK603
        pair = []
        for key in ("bobot_penghargaan", "bobot_sanksi"):
            c = cols[key]
            label = next(f.label for f in C.POIN_WEIGHT_FIELDS if f.key == key)
            v = cr.number(r, c, label, invalid_code="LK604",
                          invalid_params={"detail": f"'{label}' berisi '{show(ws.value(r, c))}', bukan angka"})
            if v is not None and v < 0:
                findings.append(make("LK604", pos.at(ws.name, r, c), detail=f"'{label}' {show(v)} di bawah 0"))
                v = None
            pair.append(v)
        if None not in pair:
            weights[decision] = (pair[0], pair[1])
    findings.extend(f for f in cr.findings if f.code != "LK303")
    missing = [d for d in C.POIN_DECISIONS if d not in seen]
    if missing:
        findings.append(make("LK603", pos.at(ws.name), detail=f"Bobot untuk {', '.join(missing)} tidak ada"))
    return weights
