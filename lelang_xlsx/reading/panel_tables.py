"""The version-3 parts of panel.xlsx (docs/evaluasi.md): the Pengaturan choices
``Dasar Peringkat`` and ``Rumus Capaian Turun``, the sheets ``Satuan`` (units and their
plausible bounds) and ``Insentif`` (points per indicator -> incentive percentage).

An older panel.xlsx without them reads the defaults with one LK603 (W) each, naming
``lelang init`` which adds them (:mod:`lelang_xlsx.workbooks.panel_upgrade`). A choice
that is not one of the allowed values is LK601 naming them; a bad table row is LK604
and that table's defaults apply; a unit listed twice is LK602.
"""

from __future__ import annotations

from .. import contract as C
from ..checking.findings import Finding, Pos, make
from ..model import Panel
from .tables import CellReader, header_columns, labelled_rows, show
from .xlsxread import Sheet, Workbook


def _squash(text: object) -> str:
    """Match a choice ignoring case and every space ('2-R/T' is '2 - R/T')."""
    return "".join(C.norm(text).split())


def read_choices(ws: Sheet, panel: Panel, pos: Pos) -> None:
    """Dasar Peringkat and Rumus Capaian Turun (optional rows of Pengaturan; blank = default)."""
    cr = CellReader(ws, pos)
    for f in (C.DASAR_PERINGKAT_FIELD, C.RUMUS_TURUN_FIELD):
        allowed = C.CHOICES[f.key]
        r = labelled_rows(ws, (f,)).get(f.key)
        if r is None:
            panel.findings.append(make("LK603", pos.at(ws.name), detail=f"Baris '{f.label}' tidak ada di lembar "
                                       f"{C.SHEET_PENGATURAN} (bawaan: {allowed[0]})"))
            continue
        panel.setting_rows[f.key] = r
        value = cr.text(r, 2)
        if not value:
            continue
        match = next((a for a in allowed if _squash(a) == _squash(value)), None)
        if match is None:
            panel.findings.append(make("LK601", pos.at(ws.name, r, 2), label=f.label,
                                       detail=f"berisi '{show(value)}', bukan pilihan yang dikenal (pilih salah satu: "
                                              f"{', '.join(allowed)}); sampai diperbaiki dipakai {allowed[0]}"))
            continue
        setattr(panel, f.key, match)
    panel.findings.extend(f for f in cr.findings if f.code != "LK303")


def _table_rows(ws: Sheet, cols: dict[str, int], cr: CellReader) -> list[int]:
    return [r for r in sorted(ws.rows) if r > 1 and any(not cr.is_blank(r, c) for c in cols.values())]


def _number(ws: Sheet, cr: CellReader, r: int, f: C.Field, col: int) -> tuple[float | None, bool]:
    """(value, ok): a blank cell is (None, True); text that is not a number is LK604."""
    if cr.is_blank(r, col):
        return None, True
    v = cr.number(r, col, f.label, invalid_code="LK604",
                  invalid_params={"detail": f"'{f.label}' berisi '{show(ws.value(r, col))}', bukan angka"})
    return v, v is not None


def read_units(wb: Workbook, panel: Panel, pos: Pos) -> None:
    """Sheet Satuan -> ``panel.units``."""
    ws = wb.sheet(C.SHEET_SATUAN)
    if ws is None or ws.kind != "worksheet":
        panel.findings.append(make("LK603", pos.at(C.SHEET_SATUAN), detail=f"Lembar '{C.SHEET_SATUAN}' tidak ada "
                                   "(batas nilai satuan bawaan dipakai)"))
        return
    cols, found = header_columns(ws, C.SATUAN_FIELDS, pos)
    if found:
        panel.findings.append(make("LK603", pos.at(ws.name), detail=f"Judul kolom lembar '{C.SHEET_SATUAN}' tidak "
                                   "lengkap (Satuan, Batas Bawah, Batas Atas)"))
        return
    cr = CellReader(ws, pos)
    units: dict[str, tuple[float | None, float | None]] = {}
    seen: dict[str, int] = {}
    found_here: list[Finding] = []
    lo_f, hi_f = C.SATUAN_FIELDS[1], C.SATUAN_FIELDS[2]
    for r in _table_rows(ws, cols, cr):
        unit = cr.text(r, cols["satuan"])
        if not unit:
            found_here.append(make("LK604", pos.at(ws.name, r, cols["satuan"]), detail="'Satuan' kosong padahal "
                                   "batasnya diisi"))
            continue
        if C.norm(unit) in seen:
            found_here.append(make("LK602", pos.at(ws.name, r, cols["satuan"]), value=show(unit),
                                   sheet_name=ws.name, other_row=seen[C.norm(unit)]))
            continue
        seen[C.norm(unit)] = r
        lo, ok_lo = _number(ws, cr, r, lo_f, cols["batas_bawah"])
        hi, ok_hi = _number(ws, cr, r, hi_f, cols["batas_atas"])
        if lo is not None and hi is not None and lo > hi:
            found_here.append(make("LK604", pos.at(ws.name, r, cols["batas_bawah"]),
                                   detail=f"Batas Bawah {show(lo)} untuk satuan '{show(unit)}' lebih besar dari "
                                          f"Batas Atas {show(hi)}; satuan ini tidak dibatasi sampai diperbaiki"))
            lo = hi = None
        units[unit] = (lo if ok_lo else None, hi if ok_hi else None)
    found_here.extend(f for f in cr.findings if f.code != "LK303")
    panel.findings.extend(found_here)
    panel.units = units


def read_incentive(wb: Workbook, panel: Panel, pos: Pos) -> None:
    """Sheet Insentif -> ``panel.insentif`` (the defaults when any row is invalid)."""
    ws = wb.sheet(C.SHEET_INSENTIF)
    if ws is None or ws.kind != "worksheet":
        panel.findings.append(make("LK603", pos.at(C.SHEET_INSENTIF), detail=f"Lembar '{C.SHEET_INSENTIF}' tidak "
                                   "ada (tabel insentif bawaan dipakai)"))
        return
    cols, found = header_columns(ws, C.INSENTIF_FIELDS, pos)
    if found:
        panel.findings.append(make("LK603", pos.at(ws.name), detail=f"Judul kolom lembar '{C.SHEET_INSENTIF}' tidak "
                                   "lengkap (Poin per Indikator Minimal, Persentase Insentif)"))
        return
    cr = CellReader(ws, pos)
    rows: list[tuple[float, float]] = []
    bad: list[Finding] = []
    min_f, pct_f = C.INSENTIF_FIELDS
    for r in _table_rows(ws, cols, cr):
        values = []
        for f in (min_f, pct_f):
            v, ok = _number(ws, cr, r, f, cols[f.key])
            if v is None and ok:
                bad.append(make("LK604", pos.at(ws.name, r, cols[f.key]), detail=f"'{f.label}' kosong"))
            values.append(v)
        minimum, percent = values
        if minimum is not None and rows and minimum >= rows[-1][0]:
            bad.append(make("LK604", pos.at(ws.name, r, cols["minimal"]),
                            detail=f"Poin per Indikator Minimal {show(minimum)} tidak lebih kecil dari baris di "
                                   "atasnya; urutkan dari terbesar ke terkecil"))
        if percent is not None and not 0 <= percent <= 100:
            bad.append(make("LK604", pos.at(ws.name, r, cols["persen"]),
                            detail=f"Persentase Insentif {show(percent)} di luar 0-100"))
        if minimum is not None and percent is not None:
            rows.append((minimum, percent))
    bad.extend(f for f in cr.findings if f.code != "LK303")
    panel.findings.extend(bad)
    if any(f.code == "LK604" for f in bad):
        return
    if not rows:
        panel.findings.append(make("LK603", pos.at(ws.name), detail=f"Tabel lembar '{C.SHEET_INSENTIF}' kosong "
                                   "(tabel insentif bawaan dipakai)"))
        return
    panel.insentif = tuple(rows)
