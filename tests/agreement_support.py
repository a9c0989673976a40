"""Helpers for the agreement tests: play the panel in penawaran.xlsx as a person would (openpyxl)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from lelang_xlsx import contract as C


def set_session(penawaran: Path, kode: str, value) -> str:
    """Type ``value`` in the OPD's Sesi Selesai cell (None clears it); returns the cell, e.g. 'G3'."""
    wb = load_workbook(penawaran)
    ws = wb[C.SHEET_STATUS_OPD]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, head["Kode OPD"]).value == kode:
            cell = ws.cell(r, head["Sesi Selesai"])
            cell.value = value
            wb.save(penawaran)
            return cell.coordinate
    raise KeyError(kode)


def session_cells(penawaran: Path) -> dict[str, tuple[str, object]]:
    """Kode OPD -> (Sesi Selesai cell, value)."""
    wb = load_workbook(penawaran)
    ws = wb[C.SHEET_STATUS_OPD]
    head = {c.value: c.column for c in ws[1]}
    return {ws.cell(r, head["Kode OPD"]).value: (ws.cell(r, head["Sesi Selesai"]).coordinate,
                                                 ws.cell(r, head["Sesi Selesai"]).value)
            for r in range(2, ws.max_row + 1) if ws.cell(r, head["Kode OPD"]).value}


def set_offer(penawaran: Path, kode_opd: str, kode: str, **values) -> int:
    """Type values (by header) in the offer row of one indicator; returns the row."""
    wb = load_workbook(penawaran)
    ws = wb[C.SHEET_PENAWARAN]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, head["Kode OPD"]).value == kode_opd and ws.cell(r, head["Kode Indikator"]).value == kode:
            for header, v in values.items():
                ws.cell(r, head[header.replace("_", " ")]).value = v
            wb.save(penawaran)
            return r
    raise KeyError((kode_opd, kode))


def register(root: Path) -> dict:
    return json.loads((root / C.HASIL_DIR / C.KESEPAKATAN_JSON).read_text(encoding="utf-8"))


def current(doc: dict) -> dict[str, dict]:
    """Kode OPD -> the latest version of its agreement (register schema 3: a list of versions per OPD)."""
    return {k: record["versi"][-1] for k, record in doc["opd"].items()}


def entries(root: Path) -> dict[str, dict]:
    return current(register(root))


def set_status(penawaran: Path, kode: str, **values) -> dict[str, str]:
    """Type values (by header, ``_`` for a space) in the OPD's Status OPD row; returns header -> cell."""
    wb = load_workbook(penawaran)
    ws = wb[C.SHEET_STATUS_OPD]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, head["Kode OPD"]).value == kode:
            cells = {}
            for header, v in values.items():
                cell = ws.cell(r, head[header.replace("_", " ")])
                cell.value = v
                cells[header.replace("_", " ")] = cell.coordinate
            wb.save(penawaran)
            return cells
    raise KeyError(kode)


def set_identity(form: Path, **values) -> None:
    """Type values in the Identitas sheet of an OPD form (by label, ``_`` for a space)."""
    wb = load_workbook(form)
    ws = wb[C.SHEET_IDENTITAS]
    for r in range(1, ws.max_row + 1):
        label = str(ws.cell(r, 1).value or "").rstrip(" *")
        if label.replace(" ", "_") in values:
            ws.cell(r, 2).value = values[label.replace(" ", "_")]
    wb.save(form)
