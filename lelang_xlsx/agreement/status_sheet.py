"""Sheet ``Status OPD`` of ``penawaran.xlsx`` (contract version 2; docs/design/gate-and-lock.md).

One row per OPD of the panel list (then OPDs that submitted under an unknown code):
the processor's columns (locked) and the panel's ``Sesi Selesai`` (``Ya`` or blank),
``Catatan Sesi`` and (version 3, kesepakatan.md) ``Tanggal Pakta``, ``Berlaku Mulai``,
``Alasan Perubahan`` and ``Ditandatangani``, kept across updates exactly like the
Penawaran panel columns.

:func:`read_sessions` turns the sheet into one :class:`Session` per OPD, with LK510 for
a value other than ``Ya`` or blank (``ya ``, ``YA``, ``Ya.`` are read as ``Ya``), LK516
for a date that is not one (or signed before the pact's date), LK513 for a Berlaku Mulai
that is not a year. Whether a year may still change is the lifecycle's question
(agreement/lifecycle.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import contract as C
from ..checking.findings import Finding, Pos, make
from ..reading.numbers import is_year
from ..reading.tables import parse_date, show
from ..output.xlsxbulk import BulkSheet, render_rows
from ..reading.xlsxread import Cell
from ..vocab import ERROR_FONT, HOLD_FILL
from ..output.xlsxstyle import MARK_BG, PANEL_CELL_BG, PANEL_HEADER_BG, Styles, line_height, setup_table_sheet, wrapped_lines
from .cells import canon, cell_canon, key_text, panel_cell, value

PROC = C.STATUS_OPD_PROCESSOR_FIELDS
PANEL = C.STATUS_OPD_PANEL_FIELDS
FIELDS = C.STATUS_OPD_FIELDS
STATUS_KEY = "status_baris"
KEYS = [f.key for f in FIELDS] + [STATUS_KEY]
HEADERS = [f.label for f in FIELDS] + [C.PENAWARAN_STATUS_HEADER]
WIDTHS = {"kode_opd": 11, "nama_opd": 32, "status_formulir": 15, "jumlah_indikator": 11, "jumlah_tawaran": 10,
          "belum_diputuskan": 11, "sesi_selesai": 10, "catatan_sesi": 34, "tanggal_pakta": 17, "berlaku_mulai": 10,
          "alasan_perubahan": 20, "ditandatangani": 17, STATUS_KEY: 44}
WRAP = {"nama_opd", "catatan_sesi", STATUS_KEY}
MARK_UNKNOWN = "OPD TIDAK ADA DI DAFTAR PANEL — isian Tim Penilai disimpan, tidak diproses"
MARK_DUPLICATE = "BARIS GANDA — baris lain untuk OPD ini yang dipakai"
HOLD_BG = HOLD_FILL  # light orange: a row that holds a pact back
_YA = re.compile(r"^ya[.!]*$")


@dataclass
class StatusRow:
    kode: str
    proc: dict[str, object]
    panel: dict[str, Cell | None] = field(default_factory=dict)
    status: str = ""  # processor's remark (what holds the pact back, or a mark)
    hold: bool = False  # highlighted: this OPD's pact is held back by something the panel can act on

    def canon(self) -> tuple:
        return (tuple(canon(self.proc.get(f.key)) for f in PROC),
                tuple(cell_canon(self.panel.get(f.key)) for f in PANEL), canon(self.status))


def header_columns(ws) -> dict[str, int]:
    wanted = {C.norm(label): key for key, label in zip(KEYS, HEADERS)}
    cols: dict[str, int] = {}
    for col in range(1, ws.max_col + 1):
        key = wanted.get(C.norm(ws.value(1, col)))
        if key is not None and key not in cols:
            cols[key] = col
    return cols


def read_rows(ws) -> tuple[dict[str, int], list[tuple[int, dict[str, Cell | None]]]]:
    cols = header_columns(ws)
    out = []
    if "kode_opd" not in cols:
        return cols, out
    for r in range(2, ws.max_row + 1):
        cells = {key: ws.get(r, c) for key, c in cols.items()}
        if all(c is None or (c.value in (None, "") and not c.formula) for c in cells.values()):
            continue
        out.append((r, cells))
    return cols, out


def old_rows(ws) -> list[StatusRow]:
    """The rows of an existing sheet, as StatusRow (first row per OPD; later ones marked)."""
    if ws is None:
        return []
    return old_rows_from(read_rows(ws)[1])


def old_rows_from(rows: list[tuple[int, dict[str, Cell | None]]]) -> list[StatusRow]:
    """:func:`old_rows` from the rows already read (:func:`read_rows`)."""
    out, seen = [], set()
    for _, cells in rows:
        kode = key_text(value(cells, "kode_opd"))
        row = StatusRow(kode, {f.key: value(cells, f.key) for f in PROC}, {f.key: cells.get(f.key) for f in PANEL},
                        key_text(value(cells, STATUS_KEY)))
        if kode in seen:
            row.status = MARK_DUPLICATE
        seen.add(kode)
        out.append(row)
    return out


def session_value(cell: Cell | None) -> tuple[bool | None, str]:
    """(True, '') for Ya, (False, '') for blank, (None, shown) for anything else."""
    if cell is None:
        return False, ""
    if cell.formula:
        return None, show(f"={cell.formula}")
    v = cell.value
    if v is None or (isinstance(v, str) and not v.strip()):
        return False, ""
    if isinstance(v, str) and _YA.match(re.sub(r"\s+", "", v).casefold()):
        return True, ""
    return None, show(key_text(v) if not isinstance(v, str) else v)


@dataclass
class Session:
    kode: str
    done: bool  # Sesi Selesai is Ya
    pos: Pos  # the Sesi Selesai cell
    invalid: str = ""  # what was typed when it is neither Ya nor blank (LK510)
    tanggal_pakta: dt.date | None = None  # the date to print on this OPD's pact (None: the panel's)
    berlaku_mulai: int | None = None  # for an amendment: the first year it governs
    alasan: str = ""  # one of C.AMENDMENT_REASONS, or what was typed (``alasan_valid`` False)
    alasan_valid: bool = True
    ditandatangani: dt.date | None = None  # the signed pact came back
    bad: set[str] = field(default_factory=set)  # panel keys whose value is invalid (a finding was made)
    cells: dict[str, Pos] = field(default_factory=dict)  # panel key -> its cell

    def at(self, key: str) -> Pos:
        return self.cells.get(key, self.pos)


@dataclass
class Sessions:
    by_opd: dict[str, Session] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sheet_found: bool = False

    def done(self, kode: str) -> bool:
        s = self.by_opd.get(kode)
        return bool(s and s.done)

    def pos(self, kode: str, fname: str = C.PENAWARAN_FILE) -> Pos:
        s = self.by_opd.get(kode)
        return s.pos if s else Pos(fname, C.SHEET_STATUS_OPD)


def read_sessions(wb, fname: str = C.PENAWARAN_FILE) -> Sessions:
    """Every OPD's Sesi Selesai from an already-read workbook (None: no workbook)."""
    ws = wb.sheet(C.SHEET_STATUS_OPD) if wb is not None else None
    if ws is None:
        return Sessions()
    return sessions_from(ws.name, *read_rows(ws), fname=fname)


def sessions_from(sheet: str, cols: dict[str, int], rows: list[tuple[int, dict[str, Cell | None]]],
                  fname: str = C.PENAWARAN_FILE) -> Sessions:
    """:func:`read_sessions` from the sheet's rows already read (:func:`read_rows`)."""
    out = Sessions(sheet_found=True)
    if "sesi_selesai" not in cols or "kode_opd" not in cols:
        missing = C.STATUS_OPD_PANEL_FIELDS[0].label if "sesi_selesai" not in cols else "Kode OPD"
        out.findings.append(make("LK103", Pos(fname, sheet, 1, None), header=missing, problem="tidak ditemukan di baris judul"))
        return out
    for r, cells in rows:
        kode = key_text(value(cells, "kode_opd"))
        if not kode or kode in out.by_opd:
            continue
        pos = Pos(fname, sheet, r, cols["sesi_selesai"])
        done, shown = session_value(cells.get("sesi_selesai"))
        if done is None:
            out.findings.append(make("LK510", pos, value=shown))
        session = Session(kode, bool(done), pos, shown if done is None else "")
        session.cells = {key: Pos(fname, sheet, r, c) for key, c in cols.items() if key in _V3_KEYS}
        _v3_values(session, cells, out.findings)
        out.by_opd[kode] = session
    return out


_V3_KEYS = ("tanggal_pakta", "berlaku_mulai", "alasan_perubahan", "ditandatangani")
_LABEL = {f.key: f.label for f in PANEL}


def _typed(cell: Cell | None) -> object:
    if cell is None:
        return None
    if cell.formula:
        return f"={cell.formula}"
    v = cell.value
    return None if isinstance(v, str) and not v.strip() else v


def _v3_values(session: Session, cells: dict[str, Cell | None], findings: list[Finding]) -> None:
    """Tanggal Pakta, Berlaku Mulai, Alasan Perubahan, Ditandatangani of one row."""
    kode = session.kode
    for key in ("tanggal_pakta", "ditandatangani"):
        raw = _typed(cells.get(key))
        if raw is None:
            continue
        date = parse_date(raw) if not (isinstance(raw, str) and raw.startswith("=")) else None
        if date is None or not 1900 <= date.year <= 2100:
            session.bad.add(key)
            findings.append(make("LK516", session.at(key), label=_LABEL[key], kode=kode, value=show(raw),
                                 detail="bukan tanggal"))
        else:
            setattr(session, key, date)
    if session.tanggal_pakta and session.ditandatangani and session.ditandatangani < session.tanggal_pakta:
        session.bad.add("ditandatangani")
        findings.append(make("LK516", session.at("ditandatangani"), label=_LABEL["ditandatangani"], kode=kode,
                             value=show(raw_text(session.ditandatangani)),
                             detail=f"sebelum Tanggal Pakta {raw_text(session.tanggal_pakta)}"))
        session.ditandatangani = None
    raw = _typed(cells.get("berlaku_mulai"))
    if raw is not None:
        year = is_year(raw) if not isinstance(raw, dt.datetime) else None
        if year is None:
            session.bad.add("berlaku_mulai")
            findings.append(make("LK513", session.at("berlaku_mulai"), kode=kode, value=show(raw),
                                 detail="bukan angka tahun"))
        session.berlaku_mulai = year
    raw = _typed(cells.get("alasan_perubahan"))
    if raw is not None:
        typed = " ".join(str(raw).split())
        match = next((r for r in C.AMENDMENT_REASONS if r.casefold() == typed.casefold().rstrip(".")), None)
        session.alasan, session.alasan_valid = (match, True) if match else (show(typed), False)


def raw_text(d: dt.date) -> str:
    from ..output.textfmt import date_long

    return date_long(d)


def rows_as_written(rows: list[StatusRow], max_chars: int) -> tuple[dict[str, int], list]:
    """(cols, rows) as :func:`read_rows` gives them for the sheet :func:`write_sheet` writes."""
    from . import as_read

    cols = {k: i + 1 for i, k in enumerate(KEYS)}
    panel_keys = {f.key for f in PANEL}
    out = []
    for n, row in enumerate(rows, start=2):
        cells: dict[str, Cell | None] = {}
        for key in KEYS:
            if key in panel_keys:
                cells[key] = as_read.panel_cell(row.panel.get(key), max_chars)
            else:
                cells[key] = as_read.value_cell(row.status or None if key == STATUS_KEY else row.proc.get(key), max_chars)
        if all(c is None or (c.value in (None, "") and not c.formula) for c in cells.values()):
            continue
        out.append((n, cells))
    return cols, out


def write_sheet(wb, st: Styles, rows: list[StatusRow]) -> BulkSheet:
    """Add the sheet to an XlsxWriter workbook; the rows go in through the returned BulkSheet."""
    ws = wb.add_worksheet(C.SHEET_STATUS_OPD)
    panel_keys = {f.key for f in PANEL}
    help_by_key = {f.key: f.help for f in PANEL}
    for c, (key, header) in enumerate(zip(KEYS, HEADERS)):
        is_panel = key in panel_keys
        ws.write_string(0, c, header, st.header(PANEL_HEADER_BG if is_panel else "#1F4E79"))
        ws.set_column(c, c, WIDTHS.get(key, 12), st.fmt(locked=False, bg_color=PANEL_CELL_BG) if is_panel else None)
    bulk = BulkSheet(ws, len(KEYS))
    rendered = []
    for row in rows:
        texts = {"nama_opd": row.proc.get("nama_opd"), "catatan_sesi": value(row.panel, "catatan_sesi"),
                 STATUS_KEY: row.status}
        lines = max(wrapped_lines(t, WIDTHS[k] - (4 if k == STATUS_KEY else 0)) for k, t in texts.items())
        bg = MARK_BG if row.status and not row.hold and row.status in (MARK_UNKNOWN, MARK_DUPLICATE) else (
            HOLD_BG if row.hold else None)
        mark = {"bg_color": bg} if bg else {}
        cells = []
        for key in KEYS:
            if key in panel_keys:
                props = {"locked": False, "bg_color": bg or PANEL_CELL_BG}
                if key == "sesi_selesai":
                    props["align"] = "center"
                cells.append(panel_cell(st, row.panel.get(key), **props))
            elif key == STATUS_KEY:
                cells.append(st.resolve(row.status or None, wrap=True, bold=bool(row.status), font_color=ERROR_FONT,
                                        valign="top", **mark))
            else:
                v = row.proc.get(key)
                cells.append(st.resolve(v, wrap=key in WRAP, valign="top",
                                        **({"num_format": "0"} if isinstance(v, (int, float)) else {}), **mark))
        rendered.append((cells, line_height(lines) if lines > 1 else None))
    bulk.add(render_rows(rendered), len(rendered))
    last = max(len(rows), 1)
    c = KEYS.index("sesi_selesai")
    ws.data_validation(1, c, last, c, {
        "validate": "list", "source": [C.SESSION_DONE], "error_type": "warning",
        "error_title": "Sesi Selesai", "error_message": "Pilih Ya, atau kosongkan sel.",
        "input_title": "Sesi Selesai", "input_message": help_by_key["sesi_selesai"][:255]})
    c = KEYS.index("catatan_sesi")
    ws.data_validation(1, c, last, c, {"validate": "any", "input_title": "Catatan Sesi",
                                       "input_message": help_by_key["catatan_sesi"][:255]})
    c = KEYS.index("alasan_perubahan")
    ws.data_validation(1, c, last, c, {
        "validate": "list", "source": list(C.AMENDMENT_REASONS), "error_type": "stop",
        "error_title": "Alasan Perubahan", "error_message": "Pilih salah satu alasan dari daftar.",
        "input_title": "Alasan Perubahan", "input_message": help_by_key["alasan_perubahan"][:255]})
    for key in ("tanggal_pakta", "ditandatangani"):
        c = KEYS.index(key)
        ws.data_validation(1, c, last, c, {
            "validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1), "error_type": "warning",
            "error_title": _LABEL[key], "error_message": "Ketik tanggal, misalnya 8 Desember 2018.",
            "input_title": _LABEL[key], "input_message": help_by_key[key][:255]})
    c = KEYS.index("berlaku_mulai")
    ws.data_validation(1, c, last, c, {
        "validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100, "error_type": "stop",
        "error_title": "Berlaku Mulai", "error_message": "Ketik tahun, misalnya 2020.",
        "input_title": "Berlaku Mulai", "input_message": help_by_key["berlaku_mulai"][:255]})
    header_lines = max(wrapped_lines(h, WIDTHS.get(k, 12) - 1) for k, h in zip(KEYS, HEADERS))
    setup_table_sheet(ws, len(rows), len(KEYS), freeze_cols=2, header_lines=header_lines,
                      title="Status OPD: sesi Tim Penilai")
    ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True, "sort": True,
                    "autofilter": True, "select_locked_cells": True, "select_unlocked_cells": True})
    return bulk
