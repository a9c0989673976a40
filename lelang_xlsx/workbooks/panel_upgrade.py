"""Add the parts a newer version introduced to an older panel.xlsx (``lelang init`` on an
existing auction folder): the Pengaturan rows ``Batas Capaian Maksimum (%)``, ``Dasar
Peringkat`` and ``Rumus Capaian Turun``, the sheet ``Poin`` with ``Poin Tidak Melapor``,
and the sheets ``Satuan`` and ``Insentif``, each with its default values.

Nothing the secretariat typed is changed: only what is missing is added. The file before
the change is kept in ``hasil/arsip/panel-<stamp>.xlsx``; the new file is written
atomically. A panel.xlsx that cannot be opened is left alone.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .. import contract as C
from ..output.atomic import atomic_path
from .panel_v3 import INCENTIVE_NOTE, INCENTIVE_WIDTHS, POIN_TIDAK_MELAPOR_AT, UNIT_NOTE, UNIT_WIDTHS


def _labels(ws, col: int = 1) -> set[str]:
    return {C.norm_label(ws.cell(r, col).value) for r in range(1, ws.max_row + 1)}


def _has_label(ws, label: str) -> bool:
    want = C.norm_label(label)
    return any(C.norm_label(c.value) == want for row in ws.iter_rows() for c in row if c.value is not None)


def _settings_rows(wb) -> list:
    if C.SHEET_PENGATURAN not in wb.sheetnames:
        return []
    ws = wb[C.SHEET_PENGATURAN]
    have = _labels(ws)
    wanted = [(C.CAP_FIELD, C.DEFAULT_CAP)] + [(f, C.CHOICES[f.key][0])
                                               for f in (C.DASAR_PERINGKAT_FIELD, C.RUMUS_TURUN_FIELD)]
    return [(f, v) for f, v in wanted if C.norm_label(f.label) not in have]


def missing_parts(wb) -> list[str]:
    """What this version expects and the workbook lacks, as Indonesian phrases."""
    out = [f"baris Pengaturan '{f.label}'" for f, _ in _settings_rows(wb)]
    if C.SHEET_POIN not in wb.sheetnames:
        out.append(f"lembar {C.SHEET_POIN}")
    elif not _has_label(wb[C.SHEET_POIN], C.POIN_TIDAK_MELAPOR_FIELD.label):
        out.append(f"'{C.POIN_TIDAK_MELAPOR_FIELD.label}' di lembar {C.SHEET_POIN}")
    out += [f"lembar {name}" for name in (C.SHEET_SATUAN, C.SHEET_INSENTIF) if name not in wb.sheetnames]
    return out


def _add_settings(wb) -> None:
    rows = _settings_rows(wb)
    if not rows:
        return
    ws = wb[C.SHEET_PENGATURAN]
    # below the last labelled setting, before any note further down: the first free row after it
    last = max((r for r in range(1, ws.max_row + 1)
                if C.norm_label(ws.cell(r, 1).value) in {C.norm_label(f.label) for f in C.PENGATURAN_FIELDS}),
               default=ws.max_row)
    r = last + 1
    for f, value in rows:
        while any(ws.cell(r, c).value not in (None, "") for c in (1, 2, 3)):
            r += 1
        ws.cell(r, 1, f.label)
        ws.cell(r, 2, value)
        ws.cell(r, 3, f.help)


def _table(wb, name: str, fields, rows, note: str, widths) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    for c, f in enumerate(fields, start=1):
        ws.cell(1, c, f.label)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    ws.cell(2, len(fields) + 2, note)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


def _add_poin(wb) -> None:
    if C.SHEET_POIN not in wb.sheetnames:
        ws = wb.create_sheet(C.SHEET_POIN)
        for c, f in enumerate(C.POIN_BAND_FIELDS, start=1):
            ws.cell(1, c, f.label)
        for c, f in enumerate(C.POIN_WEIGHT_FIELDS, start=4):
            ws.cell(1, c, f.label)
        for r, (minimum, points) in enumerate(C.DEFAULT_BANDS, start=2):
            ws.cell(r, 1, minimum)
            ws.cell(r, 2, points)
        for r, d in enumerate(C.POIN_DECISIONS, start=2):
            ws.cell(r, 4, d)
            ws.cell(r, 5, C.DEFAULT_WEIGHTS[d][0])
            ws.cell(r, 6, C.DEFAULT_WEIGHTS[d][1])
    ws = wb[C.SHEET_POIN]
    if _has_label(ws, C.POIN_TIDAK_MELAPOR_FIELD.label):
        return
    r, c = POIN_TIDAK_MELAPOR_AT[0] + 1, POIN_TIDAK_MELAPOR_AT[1] + 1
    while any(ws.cell(r, k).value not in (None, "") for k in (c, c + 1)):
        r += 1
    ws.cell(r, c, C.POIN_TIDAK_MELAPOR_FIELD.label)
    ws.cell(r, c + 1, C.DEFAULT_POIN_TIDAK_MELAPOR)
    ws.cell(r, 8, C.POIN_TIDAK_MELAPOR_FIELD.help)


def upgrade_panel(panel: Path, arsip: Path, now: dt.datetime | None = None) -> list[str]:
    """Add what is missing to ``panel``; returns what was added (empty: nothing changed)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(panel)
    except Exception:  # unreadable: the panel reader reports it (LK101); never touched here
        return []
    added = missing_parts(wb)
    if not added:
        return []
    _add_settings(wb)
    _add_poin(wb)
    if C.SHEET_SATUAN not in wb.sheetnames:
        _table(wb, C.SHEET_SATUAN, C.SATUAN_FIELDS, C.DEFAULT_UNITS, UNIT_NOTE, UNIT_WIDTHS)
    if C.SHEET_INSENTIF not in wb.sheetnames:
        _table(wb, C.SHEET_INSENTIF, C.INSENTIF_FIELDS, C.DEFAULT_INSENTIF, INCENTIVE_NOTE, INCENTIVE_WIDTHS)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    arsip.mkdir(parents=True, exist_ok=True)
    backup = arsip / f"{panel.stem}-{stamp}{panel.suffix}"
    n = 2
    while backup.exists():
        backup = arsip / f"{panel.stem}-{stamp}-{n}{panel.suffix}"
        n += 1
    shutil.copy2(panel, backup)
    with atomic_path(panel) as tmp:
        wb.save(tmp)
    return added
