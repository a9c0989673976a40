"""The offer round: ``penawaran.xlsx`` (workbooks.md section 3).

:func:`write_offers` creates the offer workbook, or updates it when submissions change:
every value the panel typed is kept exactly, rows for new indicators are added, rows
whose indicator disappeared are kept and marked (never silently dropped), and the
previous file is copied to ``hasil/arsip/`` first. A re-run with nothing new rewrites
nothing.

:func:`resolve_offers` reads the panel's entries and turns every indicator of every
valid submission into a :class:`~lelang_xlsx.model.Resolution` (the agreed target),
with findings LK501-LK507 pointing at the exact cell.

:func:`offer_round` (what a run calls) does both from one read of the file, resolves OPD
by OPD, and with the run's cache reuses what did not change (docs/offer-round.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import xlsxwriter

from ..output import atomic
from .. import contract as C
from ..errors import OutputError
from ..checking.findings import Finding, Pos, make
from ..model import (ACCEPTED, INVALID, NO_OFFER, REFUSED, UNDECIDED, Indicator, Panel,
                    Resolution, Submission)
from ..reading.numbers import TEXT_NUMBER, NUMBER, is_year, parse_number
from ..reading.tables import show
from ..output.textfmt import number as fmt_number
from ..output.xlsxbulk import BulkSheet, Column, cell_xml, patch, row_open
from ..reading.xlsxread import Cell, Limits, TooLarge, Unreadable, read_workbook
from ..output.xlsxstyle import (FIXED_CREATED, MARK_BG, PANEL_CELL_BG, PANEL_HEADER_BG, WORKBOOK_OPTIONS,
                        Styles, line_height, setup_table_sheet, wrapped_lines)
from . import as_read, rowblocks
from . import status_sheet as SS
from .cells import canon as _canon, cell_canon as _cell_canon, key_text as _key_text
from .cells import panel_cell as _panel_cell, value as _value
from .path import fill_path

# The offer workbook is the processor's own file, one row per indicator of every OPD:
# a national-scale auction has far more rows than an OPD form may have.
OFFER_LIMITS = Limits(max_file_bytes=512 * 1024 * 1024, max_uncompressed_bytes=2048 * 1024 * 1024,
                      max_part_bytes=1024 * 1024 * 1024, max_rows=1_048_576, max_cols=100)

# Status-column marks. Rows carrying a mark are not resolved (no LK501 either).
MARK_GONE = "INDIKATOR TIDAK ADA LAGI — abaikan atau hapus baris ini"
MARK_INVALID_SUBMISSION = "ISIAN OPD SEDANG ADA GALAT — tawaran disimpan, dipakai lagi setelah isian diperbaiki"
MARK_DUPLICATE = "BARIS GANDA — tawaran di baris lain untuk indikator ini yang dipakai"
# Rows not processed (the marks above), as opposed to the remarks below on rows that are.
_NOT_PROCESSED = {MARK_GONE, MARK_INVALID_SUBMISSION, MARK_DUPLICATE}
# Remarks on rows that hold their OPD's pact back (highlighted, still processed).
HOLD_UNDECIDED = "BELUM DIPUTUSKAN — pakta OPD ini ditahan sampai Keputusan diisi"
HOLD_INVALID = "TIDAK VALID — pakta OPD ini ditahan; lihat temuan di laporan.xlsx"
HOLD_BG = SS.HOLD_BG
VERSION_LABEL = "Versi Penawaran"

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

ARSIP_DIR = "arsip"

_PROC = C.PENAWARAN_PROCESSOR_FIELDS
_PANEL = C.PENAWARAN_PANEL_FIELDS
_FIELDS = C.PENAWARAN_FIELDS
_LABEL = {f.key: f.label for f in _FIELDS}
_STATUS_KEY = "status_baris"
_ESSENTIAL = ("kode_opd", "kode") + tuple(f.key for f in _PANEL if f.key not in C.PENAWARAN_V2_KEYS)
_NOT_FOUND = "tidak ditemukan di baris judul"

_WIDTHS = {
    "kode_opd": 10, "nama_opd": 24, "kode": 10, "indikator": 36, "satuan": 12, "polaritas": 9,
    "nilai_dasar": 11, "usulan_nilai": 12, "usulan_tahun": 9, "tawaran_nilai": 12,
    "tawaran_tahun": 10, "keputusan": 15, "disepakati": 12, "disepakati_tahun": 10, "catatan": 30, _STATUS_KEY: 30,
}
_WRAP = {"nama_opd", "indikator", "catatan", _STATUS_KEY}
_YEAR_KEYS = {"usulan_tahun", "tawaran_tahun", "disepakati_tahun"}


@dataclass
class OffersUpdate:
    """What :func:`write_offers` did."""

    path: Path
    status: str  # CREATED | UPDATED | UNCHANGED
    rows: int = 0  # data rows in the file now
    added: int = 0  # rows added for indicators not in the previous file
    marked: int = 0  # rows carrying a mark (indicator gone, OPD invalid, duplicate)
    restored: int = 0  # previously marked rows whose indicator is valid again
    backup: Path | None = None
    upgraded: bool = False  # a version-1 file was brought to version 2
    status_recreated: bool = False  # the Status OPD sheet was missing and was written again
    sessions: object = None  # agreement.status_sheet.Sessions, set by pipeline.offers_stage
    offer_digests: dict = field(default_factory=dict)  # Kode OPD -> SHA-256 of its offer rows

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED

    def describe(self) -> str:
        """One Indonesian line for the command output."""
        if self.status == CREATED:
            return f"dibuat, {self.rows} baris"
        parts = [f"{self.rows} baris"]
        if self.added:
            parts.append(f"{self.added} baris baru")
        if self.restored:
            parts.append(f"{self.restored} baris aktif kembali")
        if self.marked:
            parts.append(f"{self.marked} baris bertanda (tidak diproses)")
        if self.status == UNCHANGED:
            return "tidak berubah, " + ", ".join(parts)
        text = "diperbarui, " + ", ".join(parts)
        if self.upgraded:
            text += f"; ditingkatkan ke versi {C.OFFER_VERSION} (lembar {C.SHEET_STATUS_OPD}, kolom Tahun Disepakati)"
        if self.backup is not None:
            text += f"; versi sebelumnya disimpan di {self.backup}"
        return text


# --------------------------------------------------------------------------- helpers




def _decision(value: object) -> str | None:
    """'Sanggup' / 'Tidak Sanggup' tolerating case and spaces; None if neither."""
    text = re.sub(r"\s+", " ", _key_text(value)).casefold()
    for d in C.DECISIONS:
        if text == d.casefold():
            return d
    return None


def _valid_subs(panel: Panel, submissions: list[Submission]) -> list[Submission]:
    by_code: dict[str, Submission] = {}
    for s in submissions:
        if s.valid and s.kode_opd and s.kode_opd not in by_code:
            by_code[s.kode_opd] = s
    order = list(panel.opds) + sorted(c for c in by_code if c not in panel.opds)
    return [by_code[c] for c in order if c in by_code]


def _usulan_tahun(panel: Panel, ind: Indicator) -> int | None:
    return panel.tahun_akhir if panel.usable else ind.tahun_akhir


def _processor_values(panel: Panel, sub: Submission, ind: Indicator) -> dict[str, object]:
    return {
        "kode_opd": sub.kode_opd,
        "nama_opd": panel.opds.get(sub.kode_opd) or sub.identity.nama_opd,
        "kode": ind.kode,
        "indikator": ind.indikator,
        "satuan": ind.satuan,
        "polaritas": ind.polaritas,
        "nilai_dasar": ind.nilai_dasar,
        "usulan_nilai": ind.target_akhir,
        "usulan_tahun": _usulan_tahun(panel, ind),
    }






@dataclass
class _Row:
    key: tuple[str, str]
    proc: dict[str, object]  # processor values by field key
    panel: dict[str, Cell | None] = field(default_factory=dict)  # panel cells by field key
    status: str = ""
    source_row: int | None = None  # row in the previous file
    resolution: Resolution | None = None  # set by _mark_holds for rows that are processed
    hold_cell: str = ""  # e.g. "Penawaran!L27": the cell that holds the pact back
    text: str = ""  # what the row holds, as text for cache keys (_row_text)

    def canon(self) -> tuple:
        return (
            tuple(_canon(self.proc.get(f.key)) for f in _PROC),
            tuple(_cell_canon(self.panel.get(f.key)) for f in _PANEL),
            _canon(self.status),
        )


@dataclass
class _Sheet:
    cols: dict[str, int]  # field key (and _STATUS_KEY) -> column
    rows: list[tuple[int, dict[str, Cell | None]]]  # (row number, cells by key), non-empty rows
    status_rows: list[SS.StatusRow] | None = None  # sheet Status OPD; None when the sheet is missing
    version: str = ""  # the Petunjuk sheet's version marker ("" in version 1)

    @property
    def current(self) -> bool:
        """Version 2 with every column and sheet."""
        return (self.version == C.OFFER_VERSION and self.status_rows is not None
                and all(k in self.cols for k in C.PENAWARAN_V2_KEYS))


def _version(wb) -> str:
    ws = wb.sheet(C.SHEET_PETUNJUK)
    if ws is None:
        return ""
    for r in range(1, min(ws.max_row, 60) + 1):
        if C.norm(ws.value(r, 1)) == C.norm(VERSION_LABEL):
            return _key_text(ws.value(r, 2))
    return ""


def _header_problems(ws) -> tuple[dict[str, int], list[tuple[str, str, int | None]]]:
    """Map contract headers in row 1 to columns; problems are (label, problem, col)."""
    wanted = {C.norm(f.label): f.key for f in _FIELDS}
    wanted[C.norm(C.PENAWARAN_STATUS_HEADER)] = _STATUS_KEY
    cols: dict[str, int] = {}
    problems: list[tuple[str, str, int | None]] = []
    for col in range(1, ws.max_col + 1):
        key = wanted.get(C.norm(ws.value(1, col)))
        if key is None:
            continue
        if key in cols:
            label = _LABEL.get(key, C.PENAWARAN_STATUS_HEADER)
            problems.append((label, "muncul dua kali", col))
            continue
        cols[key] = col
    for key in _ESSENTIAL:
        if key not in cols:
            problems.append((_LABEL[key], _NOT_FOUND, None))
    return cols, problems


def _read_rows(ws, cols: dict[str, int]) -> list[tuple[int, dict[str, Cell | None]]]:
    out = []
    for r in range(2, ws.max_row + 1):
        cells = {key: ws.get(r, c) for key, c in cols.items()}
        if _blank_row(cells):
            continue
        out.append((r, cells))
    return out


def _blank_row(cells: dict[str, Cell | None]) -> bool:
    return all(c is None or (c.value is None and not c.formula) or c.value == "" for c in cells.values())




# --------------------------------------------------------------------------- write


def _desired_rows(panel: Panel, submissions: list[Submission]) -> list[_Row]:
    rows = []
    for sub in _valid_subs(panel, submissions):
        seen = set()
        for ind in sub.indicators:
            if ind.kode in seen:
                continue
            seen.add(ind.kode)
            rows.append(_Row((sub.kode_opd, ind.kode), _processor_values(panel, sub, ind)))
    return rows


def _invalid_keys(submissions: list[Submission], valid_codes: set[str]) -> set[tuple[str, str]]:
    """Indicators of OPDs that submitted but whose submission has errors now."""
    return {
        (s.kode_opd, i.kode)
        for s in submissions
        if s.kode_opd and s.kode_opd not in valid_codes
        for i in s.indicators
    }


# --------------------------------------------------------------------------- the file, read once per run

EXCEL_MAX_ROWS = 1_048_576
ROW_MARGIN = 1_000  # rows kept although their indicator is gone, duplicates, the header


def offer_limits(limits: Limits | None = None, n_opds: int = 1) -> Limits:
    """The limits ``penawaran.xlsx`` is read with, sized to the auction.

    The offer workbook is the processor's own file, one row per indicator of every OPD:
    it may hold as many rows as every OPD's form together (``n_opds`` × the run's per-sheet
    row limit, ``lelang run --max-rows``) plus a margin, and as many bytes as their files
    (capped at what one workbook can sensibly be).
    """
    base = limits or Limits()
    n = max(int(n_opds or 0), 1)
    return Limits(
        max_file_bytes=min(512 * 1024 * 1024, max(base.max_file_bytes, n * base.max_file_bytes)),
        max_uncompressed_bytes=min(2048 * 1024 * 1024, max(base.max_uncompressed_bytes, n * base.max_uncompressed_bytes)),
        max_part_bytes=min(1024 * 1024 * 1024, max(base.max_part_bytes, n * base.max_part_bytes)),
        max_rows=min(EXCEL_MAX_ROWS, n * base.max_rows + ROW_MARGIN),
        max_cols=base.max_cols,
        max_cell_chars=base.max_cell_chars,
    )


# The limits of an auction of 1,000 OPDs with the default options (what OFFER_LIMITS was).
OFFER_LIMITS = offer_limits(Limits(), 1000)


def limit_hint(detail: str) -> str:
    """How to raise the limit a read of the tool's own offer workbook hit (Indonesian)."""
    if "kolom ke-" in detail:
        from ..checking.findings import col_letter

        return (f"tabel penawaran.xlsx hanya memakai kolom A–{col_letter(len(_FIELDS) + 1)}; "
                "hapus isi di kolom sebelah kanannya")
    if "baris" in detail:
        return ("batas baris penawaran.xlsx = jumlah OPD × batas baris per lembar + "
                f"{ROW_MARGIN}; naikkan dengan 'lelang run --max-rows N'")
    return ("batas ukuran penawaran.xlsx dihitung dari jumlah OPD × batas ukuran per berkas; "
            "naikkan dengan 'lelang run --max-mb N'")


@dataclass
class OfferFile:
    """``penawaran.xlsx`` as read, once per run: everything later derives from this."""

    name: str
    error: tuple[str, str, str] | None = None  # (LK101 | LK106, detail, sheet) when it could not be read
    sheet: str | None = None  # the Penawaran sheet's name; None when the sheet is missing
    cols: dict[str, int] = field(default_factory=dict)
    problems: list = field(default_factory=list)  # header problems (label, problem, col)
    rows: list = field(default_factory=list)  # (row, cells by key), non-empty rows
    status: tuple | None = None  # Status OPD: (sheet name, cols, rows); None when missing
    version: str = ""


def parse_offer_file(path: str | Path, limits: Limits | None = None) -> OfferFile:
    """Read the offer workbook once; the workbook object is dropped, only rows are kept."""
    path = Path(path)
    out = OfferFile(path.name)
    try:
        wb = read_workbook(path, limits or OFFER_LIMITS)
    except Unreadable as exc:
        out.error = ("LK101", exc.detail, "")
        return out
    except TooLarge as exc:
        out.error = ("LK106", f"{exc.detail} ({limit_hint(exc.detail)})", exc.sheet or "")
        return out
    ws = wb.sheet(C.SHEET_PENAWARAN)
    if ws is not None:
        out.sheet = ws.name
        out.cols, out.problems = _header_problems(ws)
        out.rows = _read_rows(ws, out.cols)
    status_ws = wb.sheet(C.SHEET_STATUS_OPD)
    if status_ws is not None:
        out.status = (status_ws.name, *SS.read_rows(status_ws))
    out.version = _version(wb)
    return out


def _sheet_for_update(parsed: OfferFile) -> _Sheet:
    """The previous file for the update; OutputError when the panel's entries cannot be kept."""
    name = parsed.name
    if parsed.error is not None:
        code, detail, _ = parsed.error
        if code == "LK106":
            raise OutputError(
                f"{name} melampaui batas pembacaan: {detail}. Tawaran yang sudah diisi tidak dapat "
                f"dipertahankan sebelum batas itu dinaikkan; berkas tidak diubah."
            )
        raise OutputError(
            f"{name} tidak dapat dibaca ({detail}); tawaran yang sudah diisi tidak dapat "
            f"dipertahankan. Perbaiki atau pindahkan berkas itu, lalu jalankan ulang."
        )
    if parsed.sheet is None:
        raise OutputError(
            f"Lembar '{C.SHEET_PENAWARAN}' tidak ada di {name}; tawaran yang sudah diisi tidak dapat "
            f"dipertahankan. Perbaiki atau pindahkan berkas itu, lalu jalankan ulang."
        )
    missing = [p for p in parsed.problems if p[1] == _NOT_FOUND]
    dup = [p for p in parsed.problems if p[1] != _NOT_FOUND]
    if missing or dup:
        what = "; ".join(f"judul kolom '{label}' {problem}" for label, problem, _ in missing + dup)
        raise OutputError(
            f"{name}: {what}. Kembalikan judul kolom seperti semula agar tawaran yang sudah diisi "
            f"dapat dipertahankan, lalu jalankan ulang."
        )
    status_rows = SS.old_rows_from(parsed.status[2]) if parsed.status is not None else None
    return _Sheet(parsed.cols, parsed.rows, status_rows, parsed.version)


def _merge(panel: Panel, submissions: list[Submission], desired: list[_Row], old: _Sheet):
    """Combine the desired rows with the previous file. Returns (rows, added, restored)."""
    by_key: dict[tuple[str, str], _Row] = {}
    leftovers: list[_Row] = []
    for r, cells in old.rows:
        key = (_key_text(_value(cells, "kode_opd")), _key_text(_value(cells, "kode")))
        row = _Row(
            key,
            {f.key: _value(cells, f.key) for f in _PROC},
            {f.key: cells.get(f.key) for f in _PANEL},
            _key_text(_value(cells, _STATUS_KEY)),
            r,
        )
        if key in by_key:
            row.status = MARK_DUPLICATE
            leftovers.append(row)
        else:
            by_key[key] = row
    desired_keys = {d.key for d in desired}
    valid_codes = {d.key[0] for d in desired}
    invalid_keys = _invalid_keys(submissions, valid_codes)
    added = restored = 0
    for d in desired:
        prev = by_key.get(d.key)
        if prev is None:
            added += 1
            continue
        d.panel = prev.panel
        d.source_row = prev.source_row
        if prev.status in _NOT_PROCESSED:
            restored += 1
    gone = []
    for key, prev in by_key.items():
        if key in desired_keys:
            continue
        prev.status = MARK_INVALID_SUBMISSION if key in invalid_keys else MARK_GONE
        gone.append(prev)
    marked = sorted(gone + leftovers, key=lambda r: r.source_row or 0)
    # Order: panel OPD order; each OPD's current indicators, then its marked rows.
    codes = list(panel.opds)
    codes += sorted({r.key[0] for r in desired + marked} - set(codes))
    by_code: dict[str, list[_Row]] = {}
    for row in desired + marked:  # desired first, then marked, each in its own order
        by_code.setdefault(row.key[0], []).append(row)
    out: list[_Row] = []
    for code in codes:
        out += by_code.get(code, [])
    return out, added, restored


def _same_content(old: _Sheet, rows: list[_Row]) -> bool:
    if len(old.rows) != len(rows):
        return False
    old_rows = [repr((tuple(_canon(_value(cells, f.key)) for f in _PROC),
                      tuple(_cell_canon(cells.get(f.key)) for f in _PANEL),
                      _canon(_key_text(_value(cells, _STATUS_KEY)))))
                for _r, cells in old.rows]
    return sorted(old_rows) == sorted(repr(r.canon()) for r in rows)


def _same_status(old: _Sheet, rows: list[SS.StatusRow]) -> bool:
    if old.status_rows is None:
        return False
    return sorted(repr(r.canon()) for r in old.status_rows) == sorted(repr(r.canon()) for r in rows)


def _backup_path(path: Path, now: dt.datetime) -> Path:
    from .archive import free_path

    return free_path(path.parent / C.HASIL_DIR / ARSIP_DIR, f"{path.stem}-{now:%Y%m%d-%H%M%S}", path.suffix)


@dataclass
class OfferRound:
    """What the run takes from the offer workbook, all from one read of it."""

    update: OffersUpdate
    resolutions: list[Resolution]  # one per indicator of every valid submission, with its yearly path
    findings: list[Finding]  # LK501-LK507 (or LK101/LK102/LK103/LK106 for the whole file)
    sessions: SS.Sessions  # sheet Status OPD (its LK510/LK103 in sessions.findings)
    digests: dict[str, str]  # Kode OPD -> SHA-256 of its offer rows (see offer_rows_digest)
    cache_keys: list = field(default_factory=list)  # the entries of the run's cache this round used


class _Recorder:
    """The run's cache, noting which entries a round uses (kept while nothing changes)."""

    def __init__(self, store):
        self.store, self.keys = store, []

    def get_blob(self, key: str):
        self.keys.append(key)
        return self.store.get_blob(key)

    def put_blob(self, key: str, value) -> None:
        self.keys.append(key)
        self.store.put_blob(key, value)


def write_offers(path: str | Path, panel: Panel, submissions: list[Submission],
                 now: dt.datetime | None = None, issued: set[str] | frozenset = frozenset(),
                 limits: Limits | None = None) -> OffersUpdate:
    """Create or update ``penawaran.xlsx``; see the module docstring.

    ``issued``: OPDs with an issued pact. When the Status OPD sheet is missing (deleted
    by hand, or a version-1 file), it is written again with ``Sesi Selesai`` = ``Ya``
    for them, so that no issued pact is withdrawn by the loss of the sheet.
    """
    return offer_round(path, panel, submissions, now, issued, limits).update


def offer_round(path: str | Path, panel: Panel, submissions: list[Submission],
                now: dt.datetime | None = None, issued: set[str] | frozenset = frozenset(),
                limits: Limits | None = None, store=None) -> OfferRound:
    """Update ``penawaran.xlsx`` (:func:`write_offers`) and resolve it (:func:`resolve_offers`),
    reading it once. When the file is written, the resolution, the sessions and the digests
    are made from the rows as written (:mod:`.as_read`), not from a second read.

    ``limits``: for reading the file (:func:`offer_limits`); default: sized for 1,000 OPDs.
    ``store``: the run's cache (``get_blob``/``put_blob``): each OPD's block of rows rendered
    in an earlier run is reused when the file is written again.
    """
    path = Path(path)
    limits = limits or OFFER_LIMITS
    store = _Recorder(store) if store is not None else None
    fname = path.name
    desired = _desired_rows(panel, submissions)
    pairs = _pairs(panel, submissions)
    parsed = _parse_cached(path, limits, store) if path.exists() else None
    old = _sheet_for_update(parsed) if parsed is not None else None
    if old is None:
        rows, added, restored = desired, len(desired), 0
    else:
        rows, added, restored = _merge(panel, submissions, desired, old)
    keys = [f.key for f in _FIELDS] + [_STATUS_KEY]
    cols = {k: i + 1 for i, k in enumerate(keys)}
    by_opd = _by_opd(rows, keys, cols, fname, panel, pairs, limits.max_cell_chars, store)
    if by_opd is not None:  # per OPD, the unchanged ones from the cache (resolutions with their paths)
        resolutions, findings, written_digests, flat = by_opd
    else:  # rows the per-OPD split cannot hold apart (a code the file would read otherwise): all at once
        written = _rows_as_written(rows, keys, limits.max_cell_chars)
        resolutions, findings = _resolve_rows(fname, C.SHEET_PENAWARAN, cols, written, panel, pairs)
        for res in resolutions:
            fill_path(res, panel.years)
        written_digests, flat = _digests(written), _flat_rows(written)
    _mark_holds(rows, resolutions, findings)
    status = _status_rows(panel, submissions, rows, old.status_rows if old else None, issued)
    marked = sum(r.status in _NOT_PROCESSED for r in rows)
    if old is not None and old.current and _same_status(old, status) and _same_content(old, rows):
        # nothing to write: everything from the file as read (its rows may be sorted otherwise)
        update = OffersUpdate(path, UNCHANGED, rows=len(rows), marked=marked)
        resolutions, findings = _resolve_file(parsed, panel, pairs)
        for res in resolutions:
            fill_path(res, panel.years)
        sessions = SS.sessions_from(*parsed.status, fname=fname) if parsed.status else SS.Sessions()
        digests = _digests(parsed.rows)
        if store is not None:  # the next run starts from the file as read
            store.put_blob(_parse_key(path, limits), _freeze(parsed))
    else:
        backup = None
        if old is not None:
            backup = _backup_path(path, now or dt.datetime.now())
            try:
                backup.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, backup)
            except OSError as exc:
                raise OutputError(f"Cadangan {backup} tidak dapat dibuat ({exc.strerror}); {path.name} tidak diubah.") from None
        _write_file(path, panel, rows, status, store)
        if old is None:
            update = OffersUpdate(path, CREATED, rows=len(desired), added=len(desired))
        else:
            update = OffersUpdate(path, UPDATED, rows=len(rows), added=added, marked=marked,
                                  restored=restored, backup=backup, upgraded=old.version != C.OFFER_VERSION,
                                  status_recreated=old.status_rows is None and old.version == C.OFFER_VERSION)
        status_written = SS.rows_as_written(status, limits.max_cell_chars)
        sessions = SS.sessions_from(C.SHEET_STATUS_OPD, *status_written, fname=fname)
        digests = written_digests
        if store is not None:  # the next run starts from the file as written, without reading it
            remarks = {n: r.status for n, r in enumerate(rows, start=2)}
            at = keys.index(_STATUS_KEY)
            flat_keys, flat_rows = flat
            flat_rows = [(n, t[:at] + (_flat_cell(as_read.value_cell(remarks[n] or None, limits.max_cell_chars)),)
                          + t[at + 1:]) for n, t in flat_rows]  # the remarks as written (resolved before them)
            status_flat = (C.SHEET_STATUS_OPD, status_written[0], _flat_rows(status_written[1]))
            store.put_blob(_parse_key(path, limits), (2, fname, None, C.SHEET_PENAWARAN, cols, [],
                                                      (flat_keys, flat_rows), status_flat, C.OFFER_VERSION))
    return OfferRound(update, resolutions, findings, sessions, digests, store.keys if store is not None else [])


def _parse_key(path: Path, limits: Limits) -> str:
    from dataclasses import asdict

    from ..cache import digest
    from ..reading.files import sha256_file

    return digest("penawaran-file", sha256_file(path), asdict(limits))


_PREFETCHED: dict[str, OfferFile] = {}  # parse key -> the file as read ahead (prefetch_offer_file)


def prefetch_offer_file(path: str | Path, limits: Limits, store=None) -> None:
    """Read ``penawaran.xlsx`` ahead (``lelang run`` does it in a thread while the workers
    check the forms): :func:`offer_round` then takes the file as read from here, as long as
    it is byte for byte the same file. Nothing is read when the run's cache already holds it."""
    path = Path(path)
    if not path.is_file():
        return
    key = _parse_key(path, limits)
    if store is not None and store.has_blob(key):
        return
    _PREFETCHED.clear()
    _PREFETCHED[key] = parse_offer_file(path, limits)


def drop_read_ahead() -> None:
    """Forget a file read ahead that the round did not take (its result came from the cache)."""
    _PREFETCHED.clear()


def _parse_cached(path: Path, limits: Limits, store) -> OfferFile:
    """The file as read; read ahead by :func:`prefetch_offer_file`, or from the run's cache
    when it is byte for byte the file the previous run wrote or read (keyed by its SHA-256)."""
    ahead = _PREFETCHED.pop(_parse_key(path, limits), None) if _PREFETCHED else None
    if ahead is not None:
        return ahead
    if store is None:
        return parse_offer_file(path, limits)
    key = _parse_key(path, limits)
    frozen = store.get_blob(key)
    if frozen is not None:
        try:
            return _thaw(frozen)
        except Exception:  # a damaged entry: read the file
            pass
    return parse_offer_file(path, limits)  # kept (put) at the end of the round, if nothing is written


def _flat_cell(c: Cell | None) -> tuple | None:
    return None if c is None else (c.value, c.percent, c.formula, c.cached, c.text, c.date)


def _by_opd(rows: list[_Row], keys: list[str], cols: dict[str, int], fname: str, panel: Panel, pairs,
            max_chars: int, store) -> tuple | None:
    """The rows as written, resolved OPD by OPD (each OPD's rows are one block in the file):
    (resolutions with their yearly paths, findings, digests, flat rows). An OPD whose rows,
    submission and panel are as in an earlier run comes from the cache, moved to where its
    rows are now. None when an OPD's rows would not read back under its own code."""
    from ..cache import digest

    subs: dict[str, list] = {}
    for s, i in pairs:
        subs.setdefault(s.kode_opd, []).append((s, i))
    period = repr((panel.tahun_awal, panel.tahun_akhir, panel.usable, list(panel.years)))
    by_key: dict[tuple[str, str], Resolution] = {}
    findings: list[Finding] = []
    digests: dict[str, str] = {}
    flat: list = []
    seen: set[str] = set()
    start = 0
    while start < len(rows):
        kode = rows[start].key[0]
        end = start + 1
        while end < len(rows) and rows[end].key[0] == kode:
            end += 1
        if kode in seen:
            return None
        seen.add(kode)
        part, r0 = rows[start:end], start + 2
        mine = subs.get(kode, [])
        key = None
        if store is not None:
            key = digest("offer-opd", fname, max_chars, period, panel.opds.get(kode), _unit_content(part),
                         repr([(s.kode_opd, s.identity.nama_opd, i) for s, i in mine]))
        unit = store.get_blob(key) if key is not None else None
        if unit is not None:
            try:
                rel, res_list, found, dig = unit
                moved = _moved(res_list, found, r0, copy=False)
                for i, r in moved[0]:  # stored without it: the submission's own indicator
                    r.indicator = mine[i][1]
            except Exception:  # a damaged entry: resolved again
                unit = None
        if unit is None:
            written = _rows_as_written(part, keys, max_chars, first=r0)
            if any(_key_text(_value(cells, "kode_opd")) != kode for _, cells in written):
                return None
            res_list, found = _resolve_rows(fname, C.SHEET_PENAWARAN, cols, written, panel, mine)
            res_list = [(i, r) for i, r in enumerate(res_list) if r.row is not None]  # found in the rows
            for _, r in res_list:
                fill_path(r, panel.years)
            dig = _digests(written).get(kode)
            rel = [(n - r0, t) for n, t in _flat_rows(written)[1]]
            if key is not None and not any(f.code == "LK501" for f in found):  # LK501 may name another row
                stored = [(i, replace(r, indicator=None, row=r.row - r0)) for i, r in res_list]
                store.put_blob(key, (rel, stored, _moved([], found, -r0)[1], dig))
            moved = (res_list, found)
        for i, r in moved[0]:
            s, ind = mine[i]
            by_key[(s.kode_opd, ind.kode)] = r
        findings += moved[1]
        if dig is not None:
            digests[kode] = dig
        flat += [(n + r0, t) for n, t in rel]
        start = end
    resolutions = []
    for s, i in pairs:
        res = by_key.get((s.kode_opd, i.kode))
        if res is None:
            res = _base(panel, s, i)
            fill_path(res, panel.years)
        resolutions.append(res)
    return resolutions, findings, digests, (keys, flat)


def _unit_content(rows: list[_Row]) -> str:
    """What one OPD's rows are resolved from (before the hold remarks)."""
    return "\n".join(_row_text(r) + repr(r.status) for r in rows)


def _row_text(r: _Row) -> str:
    """The row's values and panel cells as text, for cache keys (made once per row)."""
    if not r.text:
        r.text = repr((tuple(r.proc.get(f.key) for f in _PROC),
                       tuple(None if (c := r.panel.get(f.key)) is None else (c.value, c.percent, c.formula, c.cached)
                             for f in _PANEL)))
    return r.text


def _moved(res_list: list, found: list[Finding], delta: int, copy: bool = True) -> tuple[list, list[Finding]]:
    """Resolutions (index, Resolution) and findings of one OPD, ``delta`` rows further down
    (``copy=False``: the resolutions themselves are moved, e.g. fresh from the cache)."""
    from ..checking.findings import cell_ref

    out = []
    for i, r in res_list:
        if copy:
            r = replace(r)
        r.row = r.row + delta if r.row is not None else None
        out.append((i, r))
    moved = [replace(f, row=f.row + delta, cell=cell_ref(f.row + delta, f.col)) if f.row is not None else f
             for f in found]
    return out, moved


def _flat_rows(rows: list) -> tuple:
    """(keys, rows of plain tuples): cells as (value, percent, formula, cached, text, date)."""
    keys = list(rows[0][1]) if rows else []
    seen: dict[int, tuple | None] = {id(None): None}  # cells repeat (one object per distinct value)
    out = []
    for r, cells in rows:
        t = []
        for c in [cells.get(k) for k in keys]:
            f = seen.get(id(c), False)
            if f is False:
                f = seen[id(c)] = (c.value, c.percent, c.formula, c.cached, c.text, c.date)
            t.append(f)
        out.append((r, tuple(t)))
    return keys, out


def _cell_rows(flat: tuple) -> list:
    keys, rows = flat
    made: dict = {}

    def cell(t):
        if t is None:
            return None
        k = (type(t[0]), t)  # True == 1 == 1.0: the type keeps them apart
        try:
            c = made.get(k)
        except TypeError:  # an unhashable value cannot be: cells hold str, numbers, dates, bools
            return Cell(*t)
        if c is None:
            c = made[k] = Cell(*t)
        return c

    return [(r, dict(zip(keys, map(cell, cells)))) for r, cells in rows]


def _freeze(f: OfferFile) -> tuple:
    """An OfferFile as plain tuples (pickled several times faster than the cells)."""
    status = None if f.status is None else (f.status[0], f.status[1], _flat_rows(f.status[2]))
    return (2, f.name, f.error, f.sheet, f.cols, f.problems, _flat_rows(f.rows), status, f.version)


def _thaw(t: tuple) -> OfferFile:
    version, name, error, sheet, cols, problems, rows, status, file_version = t
    if version != 2:
        raise ValueError("format")
    if status is not None:
        status = (status[0], status[1], _cell_rows(status[2]))
    return OfferFile(name, error, sheet, cols, problems, _cell_rows(rows), status, file_version)


def _rows_as_written(rows: list[_Row], keys: list[str], max_chars: int, first: int = 2) -> list:
    """The rows of sheet Penawaran as reading the file :func:`_write_file` writes gives them."""
    panel_keys = {f.key for f in _PANEL}
    memo: dict = {}  # processor values repeat (codes, names, units): one Cell each

    def proc_cell(value):
        k = (type(value), value)
        try:
            return memo[k]
        except KeyError:
            c = memo[k] = as_read.value_cell(value, max_chars)
            return c
        except TypeError:  # unhashable: not cached
            return as_read.value_cell(value, max_chars)

    def panel_cell(cell):
        if cell is None:
            return None
        k = (type(cell.value), cell.value, cell.percent, cell.formula, cell.cached)
        try:
            return memo[k]
        except KeyError:
            c = memo[k] = as_read.panel_cell(cell, max_chars)
            return c
        except TypeError:
            return as_read.panel_cell(cell, max_chars)

    out = []
    for n, row in enumerate(rows, start=first):
        cells: dict[str, Cell | None] = {}
        for key in keys:
            if key in panel_keys:
                cells[key] = panel_cell(row.panel.get(key))
            elif key == _STATUS_KEY:
                cells[key] = proc_cell(row.status or None)
            else:
                cells[key] = proc_cell(row.proc.get(key))
        if _blank_row(cells):
            continue
        out.append((n, cells))
    return out


def _mark_holds(rows: list[_Row], resolutions: list[Resolution], findings: list[Finding]) -> None:
    """Remark rows whose offer holds the OPD's pact back (undecided or invalid), from the
    resolution of the rows as written (row n of the list is row n + 2 of the sheet)."""
    by_row = {r.row: r for r in resolutions if r.row is not None}
    first_error: dict[int, Finding] = {}
    for f in findings:
        if f.is_error and f.row is not None:
            first_error.setdefault(f.row, f)
    for n, row in enumerate(rows, start=2):
        if row.status in _NOT_PROCESSED:
            continue
        row.status = ""
        res = by_row.get(n)
        if res is None:
            continue
        row.resolution = res
        first = first_error.get(n)
        row.hold_cell = f"{C.SHEET_PENAWARAN}!{first.cell}" if first is not None else ""
        if res.status == UNDECIDED:
            row.status = HOLD_UNDECIDED
        elif res.status == INVALID:
            row.status = HOLD_INVALID


def _subs_by_code(panel: Panel, submissions: list[Submission]) -> dict[str, Submission]:
    return {s.kode_opd: s for s in _valid_subs(panel, submissions)}


def _status_rows(panel: Panel, submissions: list[Submission], rows: list[_Row],
                 old: list[SS.StatusRow] | None, issued) -> list[SS.StatusRow]:
    """One Status OPD row per OPD of the panel list, then unknown codes; the panel's cells kept."""
    by_code: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            by_code.setdefault(s.kode_opd, []).append(s)
    valid = _subs_by_code(panel, submissions)
    per_opd: dict[str, list[_Row]] = {}
    for r in rows:
        if r.status not in _NOT_PROCESSED:
            per_opd.setdefault(r.key[0], []).append(r)
    prev = {}
    extra_old: list[SS.StatusRow] = []
    for r in old or []:
        r = replace(r)  # a copy: the old rows are compared with the new ones afterwards
        if r.kode in prev or r.status == SS.MARK_DUPLICATE:
            r.status = SS.MARK_DUPLICATE
            extra_old.append(r)
        else:
            prev[r.kode] = r
    codes = list(panel.opds) + sorted(c for c in by_code if c not in panel.opds)
    out: list[SS.StatusRow] = []
    for kode in codes:
        subs = by_code.get(kode, [])
        mine = per_opd.get(kode, []) if kode in valid else []
        undecided = [r for r in mine if r.status]
        if not subs:
            form = C.FORM_MISSING
        elif kode in valid and all(s.valid for s in subs) and len(subs) == 1:
            form = C.FORM_VALID
        else:
            form = C.FORM_ERRORS
        proc = {"kode_opd": kode, "nama_opd": panel.opds.get(kode) or (subs[0].identity.nama_opd if subs else ""),
                "status_formulir": form, "jumlah_indikator": len(mine) if kode in valid else None,
                "jumlah_tawaran": sum(bool(r.resolution and (r.resolution.has_offer or not r.resolution.decided))
                                      for r in mine) if kode in valid else None,
                "belum_diputuskan": len(undecided) if kode in valid else None}
        row = SS.StatusRow(kode, proc)
        if kode in prev:
            row.panel = prev.pop(kode).panel
        elif old is None and kode in issued:
            row.panel = {"sesi_selesai": Cell(C.SESSION_DONE, text=True)}
        if undecided:
            cells = ", ".join(r.hold_cell for r in undecided[:3] if r.hold_cell)
            more = f" dan {len(undecided) - 3} lainnya" if len(undecided) > 3 else ""
            row.status = f"pakta ditahan: {len(undecided)} tawaran belum diputuskan atau tidak valid ({cells}{more})"
            row.hold = True
        elif form == C.FORM_ERRORS:
            row.status = "formulir masih ada galat"
            row.hold = True
        elif form == C.FORM_MISSING:
            row.status = "formulir belum diterima"
        if kode not in panel.opds:
            row.status = SS.MARK_UNKNOWN
            row.hold = False
        out.append(row)
    for kode, r in prev.items():  # OPDs gone from the list: kept when the panel typed something there
        if any(c is not None and c.value not in (None, "") for c in r.panel.values()):
            r.status = SS.MARK_UNKNOWN
            out.append(r)
    out += [r for r in extra_old if any(c is not None and c.value not in (None, "") for c in r.panel.values())]
    return out


class _Renderers:
    """Cell XML of the Penawaran data rows, one renderer per column and row colour
    (none, marked, holding), their formats registered in a fixed order."""

    def __init__(self, st: Styles, keys: list[str]):
        self.st = st
        self.keys = keys
        self.panel_keys = {f.key for f in _PANEL}
        self.by_bg: dict = {}
        for bg in (None, MARK_BG, HOLD_BG):
            mark = {"bg_color": bg} if bg else {}
            cols = []
            for key in keys:
                if key in self.panel_keys:
                    props = self._panel_props(key, bg)
                    cols.append(Column(st, True, props))
                elif key == _STATUS_KEY:
                    cols.append((Column(st, True, dict(bold=True, font_color="#9C0006", **mark)),
                                 Column(st, True, dict(bold=False, font_color="#9C0006", **mark))))
                    continue
                else:
                    opts = dict(mark)
                    if key in _YEAR_KEYS:
                        opts.update(num_format="0", align="center")
                    cols.append(Column(st, key in _WRAP, opts))
                rowblocks.prime(cols[-1])
            self.by_bg[bg] = [(c, {}) for c in cols]  # each with the XML of the values seen so far

    @staticmethod
    def _panel_props(key: str, bg: str | None) -> dict:
        props = {"locked": False, "bg_color": bg or PANEL_CELL_BG}
        if key in _YEAR_KEYS:
            props.update(align="center", num_format="0")
        return props

    def row(self, row: _Row) -> str:
        texts = {k: row.proc.get(k) for k in _WRAP}
        texts["catatan"] = _value(row.panel, "catatan")
        texts[_STATUS_KEY] = row.status
        # the status text is bold: estimate it on a narrower column
        lines = max(wrapped_lines(t, _WIDTHS[k] - (6 if k == _STATUS_KEY else 0)) for k, t in texts.items())
        bg = (MARK_BG if row.status in _NOT_PROCESSED else HOLD_BG) if row.status else None
        out = [row_open(line_height(lines) if lines > 1 else None)]
        for key, (col, seen) in zip(self.keys, self.by_bg[bg]):
            if key in self.panel_keys:
                cell = row.panel.get(key)
                if cell is None or (cell.value is None and not cell.formula):
                    out.append(col.blank)
                elif cell.formula or (cell.percent and isinstance(cell.value, (int, float))
                                      and not isinstance(cell.value, bool)):
                    out.append(cell_xml(*_panel_cell(self.st, cell, **self._panel_props(key, bg))))
                else:
                    out.append(_one(col, seen, cell.value))
            elif key == _STATUS_KEY:
                out.append(_one(col[0], seen, row.status) if row.status else col[1].blank)
            else:
                out.append(_one(col, seen, row.proc.get(key)))
        out.append("</row>")
        return "".join(out)


def _one(col: Column, seen: dict, v) -> str:
    """``col.one(v)``, once per distinct text or non-zero number (0.0 and -0.0 are one key)."""
    t = type(v)
    if t is str or ((t is float or t is int) and v):
        k = (t, v)
        x = seen.get(k)
        if x is None:
            x = seen[k] = col.one(v)
        return x
    return col.one(v)


def _block_content(rows: list[_Row]) -> str:
    """What a block of rows is rendered from."""
    return "\n".join(_row_text(r) + repr(r.status) for r in rows)


def _render_rows(bulk: BulkSheet, rows: list[_Row], renderers: _Renderers, blocks) -> None:
    """Rows in blocks of one OPD each; a block rendered in an earlier run is reused."""
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and rows[end].key[0] == rows[start].key[0]:
            end += 1
        part = rows[start:end]
        key = blocks.key(_block_content(part)) if blocks.store is not None else None
        block = blocks.get(key)
        if block is None:
            block = "".join(renderers.row(r) for r in part).encode("utf-8")
            blocks.put(key, block)
        bulk.add(block, len(part))
        start = end


def _write_file(path: Path, panel: Panel, rows: list[_Row], status_rows: list[SS.StatusRow],
                store=None) -> None:
    keys = [f.key for f in _FIELDS] + [_STATUS_KEY]
    headers = [f.label for f in _FIELDS] + [C.PENAWARAN_STATUS_HEADER]
    panel_keys = {f.key for f in _PANEL}
    help_by_key = {f.key: f.help for f in _PANEL}
    n = len(rows)

    def writer(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": f"Penawaran Lelang Kinerja {panel.nama_pemda}".strip(),
                           "keywords": f"lelang-xlsx penawaran versi {C.OFFER_VERSION}",
                           "created": FIXED_CREATED, "author": "lelang-xlsx"})
        st = Styles(wb)
        renderers = _Renderers(st, keys)  # first: the formats of the data rows get the same indices every run
        blocks = rowblocks.Blocks(store, "penawaran-rows", rowblocks.registered(wb))
        ws = wb.add_worksheet(C.SHEET_PENAWARAN)
        for c, (key, header) in enumerate(zip(keys, headers)):
            is_panel = key in panel_keys
            ws.write_string(0, c, header, st.header(PANEL_HEADER_BG if is_panel else "#1F4E79"))
            col_fmt = None
            if is_panel:
                extra = {"num_format": "0", "align": "center"} if key in _YEAR_KEYS else {}
                col_fmt = st.fmt(locked=False, bg_color=PANEL_CELL_BG, **extra)
            ws.set_column(c, c, _WIDTHS.get(key, 12), col_fmt)
        bulk = BulkSheet(ws, len(keys))  # data rows as raw XML, column by column, cached per OPD
        _render_rows(bulk, rows, renderers, blocks)
        last = max(n, 1)
        for key in (f.key for f in _PANEL):  # contract order: deterministic output
            c = keys.index(key)
            label = _LABEL[key]
            options: dict = {"validate": "any"}
            if key == "keputusan":
                options = {
                    "validate": "list",
                    "source": list(C.DECISIONS),
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": "Pilih Sanggup atau Tidak Sanggup.",
                }
            elif key in ("tawaran_tahun", "disepakati_tahun") and panel.usable:
                options = {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": panel.tahun_awal,
                    "maximum": panel.tahun_akhir,
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": f"Tahun harus antara {panel.tahun_awal} dan {panel.tahun_akhir}.",
                }
            elif key in ("tawaran_nilai", "disepakati"):
                options = {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": -1e15,
                    "maximum": 1e15,
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": "Ketik angka saja, desimal memakai koma (12,5).",
                }
            options.update(input_title=label[:32], input_message=help_by_key[key][:255])
            ws.data_validation(1, c, last, c, options)
        header_lines = max(wrapped_lines(h, _WIDTHS.get(k, 12) - 1) for k, h in zip(keys, headers))
        setup_table_sheet(ws, n, len(keys), freeze_cols=3, header_lines=header_lines,
                          title=f"Penawaran Lelang Kinerja {panel.nama_pemda}".strip())
        ws.protect("", {
            "format_cells": True, "format_columns": True, "format_rows": True,
            "sort": True, "autofilter": True, "select_locked_cells": True,
            "select_unlocked_cells": True,
        })
        status_bulk = SS.write_sheet(wb, st, status_rows)
        _write_instructions(wb, st, panel)
        wb.close()
        patch(tmp, [bulk, status_bulk])

    atomic.write_with(path, writer)


def _write_instructions(wb, st: Styles, panel: Panel) -> None:
    ws = wb.add_worksheet(C.SHEET_PETUNJUK)
    widths = (26, 90)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1])
    first, last = (panel.tahun_awal, panel.tahun_akhir) if panel.usable else ("?", "?")
    lines = [
        ("Petunjuk pengisian penawaran", ""),
        ("", f"Satu baris untuk setiap indikator OPD yang isiannya valid. Periode {first}–{last}."),
        ("Kolom biru", "Usulan OPD; dikunci (tanpa kata sandi) agar tidak berubah tanpa sengaja."),
        ("Kolom kuning", "Diisi Tim Penilai saat sesi lelang."),
    ]
    lines += [(f.label, f.help) for f in _PANEL]
    lines += [
        ("Hasil per indikator", "Tanpa tawaran: usulan OPD yang disepakati. Tawaran + Sanggup: tawaran "
                                "(nilai dan tahun) yang disepakati. Tawaran + Tidak Sanggup: Target Disepakati "
                                "(pada Tahun Disepakati, kosong = tahun terakhir) jika diisi, selain itu usulan OPD; "
                                "penolakan dicatat di pakta."),
        ("Target tahunan", "Pakta memuat target setiap tahun. Tahun sebelum tahun tawaran: yang lebih berat antara "
                           "target OPD dan garis lurus dari nilai dasar ke tawaran; sejak tahun tawaran: nilai tawaran."),
        ("Hanya tahun", "Tawaran Tahun tanpa Tawaran Target Akhir berarti tawaran waktu: target usulan "
                        "dicapai lebih cepat."),
        (f"Lembar {C.SHEET_STATUS_OPD}", "Satu baris per OPD. Setelah sesi dengan OPD selesai dan semua tawarannya "
                                          "diputuskan, isi Sesi Selesai = Ya. Pakta OPD itu diterbitkan pada "
                                          "'lelang run' berikutnya dan dicatat di hasil/kesepakatan.xlsx."),
        ("Pakta terkunci", "Selama Sesi Selesai = Ya, pakta yang sudah terbit tidak diubah lagi: perubahan formulir "
                           "atau baris penawaran OPD itu dilaporkan (LK509). Untuk menerbitkan ulang: kosongkan Sesi "
                           "Selesai, jalankan (pakta lama dipindah ke hasil/arsip/), lalu isi Ya lagi."),
        (C.PENAWARAN_STATUS_HEADER, "Diisi pemroses. Baris merah tidak diproses: indikatornya tidak ada lagi di isian "
                                    "OPD, isian OPD sedang ada galat, atau baris ganda. Baris jingga menahan pakta "
                                    "OPD-nya: tawaran belum diputuskan atau tidak valid."),
        ("Angka", "Ketik angka di sel; desimal memakai koma (95,5). Baris boleh diurutkan atau disaring."),
        (VERSION_LABEL, C.OFFER_VERSION),
    ]
    for r, (a, b) in enumerate(lines):
        if r == 0:
            ws.write_string(r, 0, a, st.fmt(bold=True, font_size=14))
            continue
        ws.write_string(r, 0, a, st.fmt(bold=True, valign="top", text_wrap=True))
        ws.write_string(r, 1, b, st.fmt(text_wrap=True, valign="top"))
        n = max(wrapped_lines(a, widths[0] - 4), wrapped_lines(b, widths[1] - 2))
        if n > 1:
            ws.set_row(r, line_height(n))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


# --------------------------------------------------------------------------- resolve


def _number(cell: Cell | None, satuan: str) -> tuple[float | None, str | None]:
    """(value, None) for a number or blank; (None, shown text) when it is not a number."""
    if cell is None:
        return None, None
    v = cell.value
    if cell.formula and not cell.cached:
        return None, f"={cell.formula}"
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    if isinstance(v, bool) or isinstance(v, (dt.datetime, dt.date)):
        return None, show(v)
    if isinstance(v, (int, float)):
        f = float(v)
        if math.isnan(f) or math.isinf(f):
            return None, show(v)
        if cell.percent and C.norm(satuan) == C.PERCENT_UNIT:
            f *= 100
        return f, None
    p = parse_number(str(v))
    if p.kind in (NUMBER, TEXT_NUMBER) and p.value is not None:
        return p.value, None
    return None, show(v)


def _tougher_by(polaritas: str, usulan: float, tawaran: float) -> float:
    p = C.norm(polaritas)
    if p == "naik":
        return tawaran - usulan
    if p == "turun":
        return usulan - tawaran
    return tawaran - usulan  # Tetap: no direction; the raw difference


def _easier(polaritas: str, usulan: float, tawaran: float) -> bool:
    p = C.norm(polaritas)
    return (p == "naik" and tawaran < usulan) or (p == "turun" and tawaran > usulan)


def _base(panel: Panel, sub: Submission, ind: Indicator, status: str = NO_OFFER) -> Resolution:
    usulan_tahun = _usulan_tahun(panel, ind)
    r = Resolution(
        kode_opd=sub.kode_opd,
        nama_opd=panel.opds.get(sub.kode_opd) or sub.identity.nama_opd,
        indicator=ind,
        usulan_nilai=ind.target_akhir,
        usulan_tahun=usulan_tahun,
        status=status,
    )
    if status == NO_OFFER:
        r.disepakati_nilai, r.disepakati_tahun = r.usulan_nilai, r.usulan_tahun
    return r


def _pairs(panel: Panel, submissions: list[Submission]) -> list[tuple[Submission, Indicator]]:
    """(submission, indicator) of every valid submission, the first indicator per code."""
    pairs = []
    for sub in _valid_subs(panel, submissions):
        seen = set()
        for ind in sub.indicators:
            if ind.kode not in seen:
                seen.add(ind.kode)
                pairs.append((sub, ind))
    return pairs


def resolve_offers(path: str | Path, panel: Panel, submissions: list[Submission],
                   limits: Limits | None = None) -> tuple[list[Resolution], list[Finding]]:
    """One Resolution per indicator of every valid submission (with its agreed yearly
    path when decided), and the offer findings."""
    path = Path(path)
    pairs = _pairs(panel, submissions)
    if not path.exists():
        resolutions, findings = [_base(panel, s, i) for s, i in pairs], []
    else:
        resolutions, findings = _resolve_file(parse_offer_file(path, limits), panel, pairs)
    for res in resolutions:
        fill_path(res, panel.years)
    return resolutions, findings


def _resolve_file(parsed: OfferFile, panel: Panel, pairs) -> tuple[list[Resolution], list[Finding]]:
    fname = parsed.name

    def all_undecided(findings: list[Finding]):
        return [_base(panel, s, i, UNDECIDED) for s, i in pairs], findings

    if parsed.error is not None:
        code, detail, sheet = parsed.error
        return all_undecided([make(code, Pos(fname, sheet), detail=detail)])
    if parsed.sheet is None:
        return all_undecided([make("LK102", Pos(fname, C.SHEET_PENAWARAN), sheet_name=C.SHEET_PENAWARAN)])
    if parsed.problems:
        return all_undecided([make("LK103", Pos(fname, parsed.sheet, 1 if col else None, col), header=label,
                                   problem=problem) for label, problem, col in parsed.problems])
    return _resolve_rows(fname, parsed.sheet, parsed.cols, parsed.rows, panel, pairs)


def _resolve_rows(fname: str, sheet: str, cols: dict[str, int], rows: list, panel: Panel,
                  pairs) -> tuple[list[Resolution], list[Finding]]:
    """Resolve the rows of sheet Penawaran (as read, or as written) against the submissions."""
    index = {(s.kode_opd, i.kode): (s, i) for s, i in pairs}
    used: dict[tuple[str, str], int] = {}
    by_key: dict[tuple[str, str], Resolution] = {}
    findings: list[Finding] = []

    row_opd: dict[int, str] = {}  # row -> its Kode OPD: every offer finding names its OPD in laporan.xlsx

    def at(row: int, key: str) -> Pos:
        return Pos(fname, sheet, row, cols[key], row_opd.get(row, ""))

    for r, cells in rows:
        key = (_key_text(_value(cells, "kode_opd")), _key_text(_value(cells, "kode")))
        row_opd[r] = key[0]
        status_mark = _key_text(_value(cells, _STATUS_KEY))
        if key not in index or key in used:
            if status_mark:
                # marked by the processor: report it only when the panel typed an offer
                # there that will be ignored (OPDs with errors keep theirs for later)
                typed = any(_value(cells, f.key) not in (None, "") for f in _PANEL if f.key != "catatan")
                if not typed or status_mark == _key_text(MARK_INVALID_SUBMISSION):
                    continue
            detail = f"OPD '{show(key[0])}' indikator '{show(key[1])}'"
            if status_mark:
                detail += " (indikator tidak ada lagi; tawaran di baris ini diabaikan — hapus barisnya)"
            if key in used:
                detail += f" (baris ganda; yang dipakai baris {used[key]})"
            findings.append(make("LK501", at(r, "kode"), detail=detail))
            continue
        used[key] = r
        sub, ind = index[key]
        res, row_findings = _resolve_row(panel, sub, ind, r, cells, at)
        by_key[key] = res
        findings += row_findings

    resolutions = [by_key.get((s.kode_opd, i.kode)) or _base(panel, s, i) for s, i in pairs]
    return resolutions, findings


def _resolve_row(panel: Panel, sub: Submission, ind: Indicator, r: int,
                 cells: dict[str, Cell | None], at) -> tuple[Resolution, list[Finding]]:
    res = _base(panel, sub, ind, NO_OFFER)
    res.row = r
    res.disepakati_nilai = res.disepakati_tahun = None
    out: list[Finding] = []
    bad = False

    catatan = _value(cells, "catatan")
    if isinstance(catatan, (int, float)) and not isinstance(catatan, bool):
        res.catatan = fmt_number(catatan)
    elif isinstance(catatan, (dt.datetime, dt.date)):
        res.catatan = f"{catatan:%d/%m/%Y}"
    elif catatan is not None:
        res.catatan = str(catatan).strip()

    # Offered value.
    offer_cell = cells.get("tawaran_nilai")
    offer, shown = _number(offer_cell, ind.satuan)
    offer_typed = offer is not None or shown is not None
    if shown is not None:
        bad = True
        out.append(make("LK506", at(r, "tawaran_nilai"), header=_LABEL["tawaran_nilai"], value=shown))

    # Offered year.
    year, year_finding = _year(panel, cells, "tawaran_tahun", at(r, "tawaran_tahun"))
    if year_finding is not None:
        bad = True
        out.append(year_finding)
        offer_typed = True
    elif year is not None and offer is None and shown is None and year != res.usulan_tahun:
        # A year alone is an offer in time: the proposed value, reached sooner.
        offer = res.usulan_nilai
        offer_typed = True

    # Decision.
    dec_raw = _value(cells, "keputusan")
    dec_given = dec_raw is not None and _key_text(dec_raw) != ""
    decision = _decision(dec_raw) if dec_given else None

    # Negotiated value.
    agreed, shown_agreed = _number(cells.get("disepakati"), ind.satuan)
    if shown_agreed is not None:
        bad = True
        out.append(make("LK506", at(r, "disepakati"), header=_LABEL["disepakati"], value=shown_agreed))
    agreed_year, year_finding = _year(panel, cells, "disepakati_tahun",
                                      at(r, "disepakati_tahun") if _has_col(at, r, "disepakati_tahun") else None)
    if year_finding is not None:
        bad = True
        out.append(year_finding)

    if not offer_typed:
        if dec_given:
            out.append(make("LK507", at(r, "keputusan"), value=show(_key_text(dec_raw))))
        res.status = INVALID if bad else NO_OFFER
        if not bad:
            res.disepakati_nilai, res.disepakati_tahun = res.usulan_nilai, res.usulan_tahun
        return res, out

    res.tawaran_nilai = offer
    res.tawaran_tahun = year if year is not None else res.usulan_tahun
    if offer is not None and res.usulan_nilai is not None:
        if _easier(ind.polaritas, res.usulan_nilai, offer):
            out.append(make("LK504", at(r, "tawaran_nilai"), offer=fmt_number(offer),
                            proposal=fmt_number(res.usulan_nilai), polarity=ind.polaritas))
        # rounded so that 6 - 5.4 reads 0.6, not 0.5999999999999996
        res.selisih_nilai = round(_tougher_by(ind.polaritas, res.usulan_nilai, offer), 10)
        if res.usulan_nilai != 0:
            res.selisih_persen = round(res.selisih_nilai / abs(res.usulan_nilai) * 100, 10)
    if res.usulan_tahun is not None and res.tawaran_tahun is not None:
        res.tahun_lebih_cepat = res.usulan_tahun - res.tawaran_tahun

    if not dec_given:
        out.append(make("LK502", at(r, "keputusan"), value=f"indikator {ind.kode} ({ind.indikator})"))
        res.status = INVALID if bad else UNDECIDED
        return res, out
    if decision is None:
        out.append(make("LK503", at(r, "keputusan"), value=show(_key_text(dec_raw))))
        return _invalid(res), out
    res.keputusan = decision
    if bad:
        return _invalid(res), out
    if decision == ACCEPTED:
        res.status = ACCEPTED
        res.disepakati_nilai, res.disepakati_tahun = res.tawaran_nilai, res.tawaran_tahun
    else:
        res.status = REFUSED
        res.negosiasi = agreed is not None
        res.disepakati_nilai = agreed if agreed is not None else res.usulan_nilai
        res.disepakati_tahun = agreed_year if agreed is not None and agreed_year is not None else res.usulan_tahun
    return res, out


def _has_col(at, r: int, key: str) -> bool:
    try:
        at(r, key)
    except KeyError:  # a version-1 file without the column
        return False
    return True


def _year(panel: Panel, cells: dict[str, Cell | None], key: str, pos: Pos | None):
    """(year, None) for a year in the period or blank (None, None); (None, LK505) otherwise."""
    raw = _value(cells, key)
    if raw is None or (isinstance(raw, str) and not raw.strip()) or pos is None:
        return None, None
    y = None if isinstance(raw, bool) else is_year(raw)
    if y is not None and (not panel.usable or y in panel.years):
        return y, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        shown = str(int(raw)) if math.isfinite(raw) and float(raw).is_integer() else fmt_number(raw)
    else:
        shown = show(raw)
    first, last = (panel.tahun_awal, panel.tahun_akhir) if panel.usable else ("?", "?")
    return None, make("LK505", pos, header=_LABEL[key], value=shown, first=first, last=last)


def _invalid(res: Resolution) -> Resolution:
    res.status = INVALID
    res.disepakati_nilai = res.disepakati_tahun = None
    return res


def offer_rows_digest(path: str | Path, limits: Limits | None = None) -> dict[str, str]:
    """Kode OPD -> SHA-256 of that OPD's rows in sheet Penawaran: their processor and panel
    cells, canonicalised (order of rows and the Status Baris remarks do not count)."""
    path = Path(path)
    if not path.is_file():
        return {}
    parsed = parse_offer_file(path, limits)
    if parsed.error is not None or parsed.sheet is None:
        return {}
    return _digests(parsed.rows)


def _digests(rows: list) -> dict[str, str]:
    """:func:`offer_rows_digest` of rows as read (or as written)."""
    import hashlib

    per_opd: dict[str, list[str]] = {}
    for _r, cells in rows:
        kode = _key_text(_value(cells, "kode_opd"))
        canon = (tuple(_canon(_value(cells, f.key)) for f in _PROC),
                 tuple(_cell_canon(cells.get(f.key)) for f in _PANEL))
        per_opd.setdefault(kode, []).append(repr(canon))
    return {k: hashlib.sha256("\n".join(sorted(v)).encode("utf-8")).hexdigest() for k, v in per_opd.items()}


def read_offer_workbook(path: str | Path, limits: Limits | None = None):
    """The offer workbook as read; None when absent or unreadable."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        return read_workbook(path, limits or OFFER_LIMITS)
    except (Unreadable, TooLarge):
        return None


def opd_ready(resolutions_for_opd: list[Resolution]) -> bool:
    """True when the OPD has indicators and every one is decided (its pact can be made)."""
    return bool(resolutions_for_opd) and all(r.decided for r in resolutions_for_opd)
