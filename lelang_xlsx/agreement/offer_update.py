"""Updating ``penawaran.xlsx`` from the previous file: the rows the current submissions
want, merged with the rows as the panel left them (every typed value kept, rows of gone
indicators kept and marked), an older version brought to the current one, and the
backup copy in ``hasil/arsip/`` (see :mod:`.offers`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import contract as C
from ..errors import OutputError
from ..model import Indicator, Panel, Submission
from ..reading.xlsxread import Cell
from . import status_sheet as SS
from .cells import canon as _canon, cell_canon as _cell_canon, key_text as _key_text, value as _value
from .offer_read import NOT_FOUND, OfferFile
from .offer_rows import (MARK_DUPLICATE, MARK_GONE, MARK_INVALID_SUBMISSION, NOT_PROCESSED, PANEL, PROC,
                         STATUS_KEY, OfferRow, proposed_year, valid_subs)


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
        "usulan_tahun": proposed_year(panel, ind),
    }


def desired_rows(panel: Panel, submissions: list[Submission]) -> list[OfferRow]:
    rows = []
    for sub in valid_subs(panel, submissions):
        seen = set()
        for ind in sub.indicators:
            if ind.kode in seen:
                continue
            seen.add(ind.kode)
            rows.append(OfferRow((sub.kode_opd, ind.kode), _processor_values(panel, sub, ind)))
    return rows


def _invalid_keys(submissions: list[Submission], valid_codes: set[str]) -> set[tuple[str, str]]:
    """Indicators of OPDs that submitted but whose submission has errors now."""
    return {
        (s.kode_opd, i.kode)
        for s in submissions
        if s.kode_opd and s.kode_opd not in valid_codes
        for i in s.indicators
    }


@dataclass
class PreviousSheet:
    cols: dict[str, int]  # field key (and STATUS_KEY) -> column
    rows: list[tuple[int, dict[str, Cell | None]]]  # (row number, cells by key), non-empty rows
    status_rows: list[SS.StatusRow] | None = None  # sheet Status OPD; None when the sheet is missing
    version: str = ""  # the Petunjuk sheet's version marker ("" in version 1)

    @property
    def current(self) -> bool:
        """Version 2 with every column and sheet."""
        return (self.version == C.OFFER_VERSION and self.status_rows is not None
                and all(k in self.cols for k in C.PENAWARAN_V2_KEYS))


def sheet_for_update(parsed: OfferFile) -> PreviousSheet:
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
    missing = [p for p in parsed.problems if p[1] == NOT_FOUND]
    dup = [p for p in parsed.problems if p[1] != NOT_FOUND]
    if missing or dup:
        what = "; ".join(f"judul kolom '{label}' {problem}" for label, problem, _ in missing + dup)
        raise OutputError(
            f"{name}: {what}. Kembalikan judul kolom seperti semula agar tawaran yang sudah diisi "
            f"dapat dipertahankan, lalu jalankan ulang."
        )
    status_rows = SS.old_rows_from(parsed.status[2]) if parsed.status is not None else None
    return PreviousSheet(parsed.cols, parsed.rows, status_rows, parsed.version)


def merge(panel: Panel, submissions: list[Submission], desired: list[OfferRow], old: PreviousSheet):
    """Combine the desired rows with the previous file. Returns (rows, added, restored).

    OPD by OPD (:func:`merge_opd`), in the panel's order, then unknown codes sorted."""
    old_by: dict[str, list] = {}
    for r, cells in old.rows:
        old_by.setdefault(_key_text(_value(cells, "kode_opd")), []).append((r, cells))
    desired_by: dict[str, list[OfferRow]] = {}
    for d in desired:
        desired_by.setdefault(d.key[0], []).append(d)
    invalid_keys = _invalid_keys(submissions, set(desired_by))
    out: list[OfferRow] = []
    added = restored = 0
    for code in opd_order(panel, set(desired_by) | set(old_by)):
        rows, a, r = merge_opd(desired_by.get(code, []), old_by.get(code, []), invalid_keys)
        out += rows
        added, restored = added + a, restored + r
    return out, added, restored


def opd_order(panel: Panel, codes: set[str]) -> list[str]:
    """The order of the OPDs' blocks of rows: the panel's list, then unknown codes sorted."""
    return list(panel.opds) + sorted(codes - set(panel.opds))


def invalid_keys_of(subs: list[Submission], has_rows: bool) -> set[tuple[str, str]]:
    """:func:`_invalid_keys` of one OPD's submissions (``has_rows``: it has desired rows)."""
    return set() if has_rows else _invalid_keys(subs, set())


def merge_opd(desired: list[OfferRow], old_rows: list, invalid_keys: set) -> tuple[list[OfferRow], int, int]:
    """One OPD's desired rows with its rows in the previous file: (rows, added, restored).
    Its current indicators first, then its marked rows in the order of the file."""
    by_key: dict[tuple[str, str], OfferRow] = {}
    leftovers: list[OfferRow] = []
    for r, cells in old_rows:
        key = (_key_text(_value(cells, "kode_opd")), _key_text(_value(cells, "kode")))
        row = OfferRow(
            key,
            {f.key: _value(cells, f.key) for f in PROC},
            {f.key: cells.get(f.key) for f in PANEL},
            _key_text(_value(cells, STATUS_KEY)),
            r,
        )
        if key in by_key:
            row.status = MARK_DUPLICATE
            leftovers.append(row)
        else:
            by_key[key] = row
    desired_keys = {d.key for d in desired}
    added = restored = 0
    for d in desired:
        prev = by_key.get(d.key)
        if prev is None:
            added += 1
            continue
        d.panel = prev.panel
        d.source_row = prev.source_row
        if prev.status in NOT_PROCESSED:
            restored += 1
    gone = []
    for key, prev in by_key.items():
        if key in desired_keys:
            continue
        prev.status = MARK_INVALID_SUBMISSION if key in invalid_keys else MARK_GONE
        gone.append(prev)
    return desired + sorted(gone + leftovers, key=lambda r: r.source_row or 0), added, restored


def same_content(old: PreviousSheet, rows: list[OfferRow]) -> bool:
    if len(old.rows) != len(rows):
        return False
    old_rows = [repr((tuple(_canon(_value(cells, f.key)) for f in PROC),
                      tuple(_cell_canon(cells.get(f.key)) for f in PANEL),
                      _canon(_key_text(_value(cells, STATUS_KEY)))))
                for _r, cells in old.rows]
    return sorted(old_rows) == sorted(repr(r.canon()) for r in rows)


def row_marks(rows: list[OfferRow]) -> list[tuple]:
    """(Kode OPD, Kode Indikator, remark) of the rows to write, sorted, as :func:`same_content`
    compares the remarks."""
    return sorted((_key_text(r.proc.get("kode_opd")), _key_text(r.proc.get("kode")), repr(_canon(r.status)))
                  for r in rows)


def read_marks(rows: list) -> list[tuple]:
    """:func:`row_marks` of rows as read."""
    return sorted((_key_text(_value(cells, "kode_opd")), _key_text(_value(cells, "kode")),
                   repr(_canon(_key_text(_value(cells, STATUS_KEY))))) for _r, cells in rows)


def same_rows(old: PreviousSheet, rows: list[OfferRow], old_digests: dict[str, str], old_marks: list[tuple],
              new_digests: dict[str, str]) -> bool:
    """:func:`same_content` from digests: each OPD's rows as read (``old_digests``, kept with
    the file's digest in the run's cache) against its rows as they would be written
    (``new_digests``, from the per-OPD resolution), then the remarks. Rows that differ are
    told without comparing every row; remarks that seem to differ are compared row by row."""
    if len(old.rows) != len(rows) or old_digests != new_digests:
        return False
    return old_marks == row_marks(rows) or same_content(old, rows)


def same_status(old: PreviousSheet, rows: list[SS.StatusRow]) -> bool:
    if old.status_rows is None:
        return False
    return sorted(repr(r.canon()) for r in old.status_rows) == sorted(repr(r.canon()) for r in rows)


def backup_path(path: Path, now: dt.datetime) -> Path:
    from .archive import free_path

    return free_path(path.parent / C.HASIL_DIR / C.ARSIP_DIR, f"{path.stem}-{now:%Y%m%d-%H%M%S}", path.suffix)
