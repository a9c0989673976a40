"""Reading ``penawaran.xlsx`` (the offer workbook) once per run: the limits it is read with,
the file as read (:class:`OfferFile`: rows of sheet Penawaran, sheet Status OPD, the
version), and the per-OPD digests of its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..reading.xlsxread import Cell, Limits, TooLarge, Unreadable, read_workbook
from . import status_sheet as SS
from .cells import canon as _canon, cell_canon as _cell_canon, key_text as _key_text, value as _value
from .offer_rows import FIELDS, LABEL, PANEL, PROC, STATUS_KEY, VERSION_LABEL, blank_row


_ESSENTIAL = ("kode_opd", "kode") + tuple(f.key for f in PANEL if f.key not in C.PENAWARAN_V2_KEYS)
NOT_FOUND = "tidak ditemukan di baris judul"

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

        return (f"tabel penawaran.xlsx hanya memakai kolom A–{col_letter(len(FIELDS) + 1)}; "
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
    wanted = {C.norm(f.label): f.key for f in FIELDS}
    wanted[C.norm(C.PENAWARAN_STATUS_HEADER)] = STATUS_KEY
    cols: dict[str, int] = {}
    problems: list[tuple[str, str, int | None]] = []
    for col in range(1, ws.max_col + 1):
        key = wanted.get(C.norm(ws.value(1, col)))
        if key is None:
            continue
        if key in cols:
            label = LABEL.get(key, C.PENAWARAN_STATUS_HEADER)
            problems.append((label, "muncul dua kali", col))
            continue
        cols[key] = col
    for key in _ESSENTIAL:
        if key not in cols:
            problems.append((LABEL[key], NOT_FOUND, None))
    return cols, problems


def _read_rows(ws, cols: dict[str, int]) -> list[tuple[int, dict[str, Cell | None]]]:
    out = []
    for r in range(2, ws.max_row + 1):
        cells = {key: ws.get(r, c) for key, c in cols.items()}
        if blank_row(cells):
            continue
        out.append((r, cells))
    return out


def read_offer_workbook(path: str | Path, limits: Limits | None = None):
    """The offer workbook as read; None when absent or unreadable."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        return read_workbook(path, limits or OFFER_LIMITS)
    except (Unreadable, TooLarge):
        return None


def offer_rows_digest(path: str | Path, limits: Limits | None = None) -> dict[str, str]:
    """Kode OPD -> SHA-256 of that OPD's rows in sheet Penawaran: their processor and panel
    cells, canonicalised (order of rows and the Status Baris remarks do not count)."""
    path = Path(path)
    if not path.is_file():
        return {}
    parsed = parse_offer_file(path, limits)
    if parsed.error is not None or parsed.sheet is None:
        return {}
    return rows_digests(parsed.rows)


def rows_digests(rows: list) -> dict[str, str]:
    """:func:`offer_rows_digest` of rows as read (or as written)."""
    import hashlib

    per_opd: dict[str, list[str]] = {}
    for _r, cells in rows:
        kode = _key_text(_value(cells, "kode_opd"))
        canon = (tuple(_canon(_value(cells, f.key)) for f in PROC),
                 tuple(_cell_canon(cells.get(f.key)) for f in PANEL))
        per_opd.setdefault(kode, []).append(repr(canon))
    return {k: hashlib.sha256("\n".join(sorted(v)).encode("utf-8")).hexdigest() for k, v in per_opd.items()}
