"""Read the panel workbook (``panel.xlsx``): settings, missions, OPDs, panel members,
and (version 3, :mod:`.panel_tables`) the ranking basis, the Turun formula, units and
incentive table.

Findings: LK101/LK106 (unreadable), LK601 (setting missing or invalid), LK602
(duplicate code in a list), LK603/LK604 (version-3 parts missing or invalid).
"""

from __future__ import annotations

from pathlib import Path

from .. import contract as C
from ..checking.findings import Pos, make
from ..model import Panel
from .codes import MAX_CODE, code_problem, nfc
from .nip import check_nip
from .numbers import is_year
from .panel_tables import read_choices, read_incentive, read_units
from .tables import CellReader, header_columns, labelled_rows, open_workbook, parse_date, show
from .xlsxread import Limits


def read_panel(path: str | Path, display: str = C.PANEL_FILE, limits: Limits = Limits()) -> Panel:
    panel = Panel(path=display)
    pos = Pos(display)
    wb, found = open_workbook(path, pos, limits)
    if wb is None:
        panel.findings.extend(found)
        return panel

    ws = wb.sheet(C.SHEET_PENGATURAN)
    if ws is None:
        panel.findings.append(make("LK601", pos.at(C.SHEET_PENGATURAN), label=C.SHEET_PENGATURAN, detail="(lembar) tidak ditemukan"))
    else:
        _settings(ws, panel, pos)
        read_choices(ws, panel, pos)

    for sheet_name, fields, target in (
        (C.SHEET_MISI, C.MISI_FIELDS, "missions"),
        (C.SHEET_OPD, C.OPD_FIELDS, "opds"),
        (C.SHEET_TIM, C.TIM_FIELDS, "members"),
    ):
        ws = wb.sheet(sheet_name)
        if ws is None:
            panel.findings.append(make("LK601", pos.at(sheet_name), label=sheet_name, detail="(lembar) tidak ditemukan"))
            continue
        cols, found = header_columns(ws, fields, pos)
        panel.findings.extend(found)
        if found:
            continue
        a, b = fields[0].key, fields[1].key
        cr = CellReader(ws, pos)
        seen: dict[str, int] = {}
        for r in sorted(ws.rows):
            if r <= 1:
                continue
            key, text = cr.text(r, cols[a]), cr.text(r, cols[b])
            if not key and not text:
                continue
            if not key or not text:
                missing = fields[0] if not key else fields[1]
                panel.findings.append(
                    make("LK601", pos.at(ws.name, r, cols[missing.key]), label=f"{sheet_name}: {missing.label}", detail="kosong")
                )
                continue
            if target == "members":
                panel.members.append((key, text))
                continue
            if target == "opds":  # LK605: a code becomes file and folder names (lelang_xlsx/reading/codes.py)
                key = nfc(key)
                problem = code_problem(key)
                if problem:
                    panel.findings.append(make("LK605", pos.at(ws.name, r, cols[a]), value=show(key), detail=problem,
                                               limit=MAX_CODE))
                    continue
            if C.norm(key) in seen:
                panel.findings.append(make("LK602", pos.at(ws.name, r, cols[a]), value=show(key), sheet_name=sheet_name, other_row=seen[C.norm(key)]))
                continue
            seen[C.norm(key)] = r
            getattr(panel, target)[key] = text
            if target == "opds":
                panel.opd_rows[key] = r
        panel.findings.extend(cr.findings)
        if target != "members" and not seen:
            panel.findings.append(make("LK601", pos.at(ws.name), label=sheet_name, detail="tidak berisi satu baris pun"))
    read_units(wb, panel, pos)  # version 3
    read_incentive(wb, panel, pos)
    return panel


def _settings(ws, panel: Panel, pos: Pos) -> None:
    rows = labelled_rows(ws, C.PENGATURAN_FIELDS)
    cr = CellReader(ws, pos)
    for f in C.PENGATURAN_FIELDS:
        r = rows.get(f.key)
        where = pos.at(ws.name, r, 2) if r else pos.at(ws.name)
        raw = cr.raw(r, 2) if r else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            panel.findings.append(make("LK601", where, label=f.label, detail="kosong" if r else "tidak ditemukan"))
            continue
        if f.kind == "year":
            year = is_year(raw)
            if year is None:
                panel.findings.append(make("LK601", where, label=f.label, detail=f"'{show(raw)}' bukan tahun"))
                continue
            setattr(panel, f.key, year)
        elif f.kind == "date":
            date = parse_date(raw)
            if date is None:
                panel.findings.append(make("LK601", where, label=f.label, detail=f"'{show(raw)}' bukan tanggal"))
                continue
            panel.tanggal = date
        elif f.kind == "nip":
            digits, problem = check_nip(raw)
            if problem:
                panel.findings.append(make("LK601", where, label=f.label, detail=f"tidak valid: {problem}"))
            panel.nip_sekda = digits
        else:
            setattr(panel, f.key, cr.text(r, 2))
    if panel.tahun_awal and panel.tahun_akhir and panel.tahun_akhir < panel.tahun_awal:
        r = rows.get("tahun_akhir")
        panel.findings.append(
            make("LK601", pos.at(ws.name, r, 2), label="Tahun Akhir", detail=f"({panel.tahun_akhir}) lebih kecil dari Tahun Awal ({panel.tahun_awal})")
        )
        panel.tahun_akhir = 0
    elif panel.tahun_awal and panel.tahun_akhir and panel.tahun_akhir - panel.tahun_awal > 20:
        r = rows.get("tahun_akhir")
        panel.findings.append(make("LK601", pos.at(ws.name, r, 2), label="Tahun Akhir", detail="membuat periode lebih dari 20 tahun"))
        panel.tahun_akhir = 0
    r = labelled_rows(ws, (C.METERAI_FIELD,)).get(C.METERAI_FIELD.key)
    if r:  # optional row: the stamp-duty box text
        panel.meterai = cr.text(r, 2)
    panel.findings.extend(cr.findings)
