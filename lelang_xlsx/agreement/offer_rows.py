"""The shape of sheet Penawaran in ``penawaran.xlsx``: its columns, the remarks the
processor writes in the Status Baris column, and one row as the round handles it
(:class:`OfferRow`). Shared by reading, updating, writing and resolving the file
(see :mod:`.offers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as C
from ..model import Indicator, Panel, Resolution, Submission
from ..reading.xlsxread import Cell
from . import status_sheet as SS
from .cells import canon as _canon, cell_canon as _cell_canon


# Status-column marks. Rows carrying a mark are not resolved (no LK501 either).
MARK_GONE = "INDIKATOR TIDAK ADA LAGI — abaikan atau hapus baris ini"
MARK_INVALID_SUBMISSION = "ISIAN OPD SEDANG ADA GALAT — tawaran disimpan, dipakai lagi setelah isian diperbaiki"
MARK_DUPLICATE = "BARIS GANDA — tawaran di baris lain untuk indikator ini yang dipakai"
# Rows not processed (the marks above), as opposed to the remarks below on rows that are.
NOT_PROCESSED = {MARK_GONE, MARK_INVALID_SUBMISSION, MARK_DUPLICATE}
# Remarks on rows that hold their OPD's pact back (highlighted, still processed).
HOLD_UNDECIDED = "BELUM DIPUTUSKAN — pakta OPD ini ditahan sampai Keputusan diisi"
HOLD_INVALID = "TIDAK VALID — pakta OPD ini ditahan; lihat temuan di laporan.xlsx"
HOLD_BG = SS.HOLD_BG
VERSION_LABEL = "Versi Penawaran"

PROC = C.PENAWARAN_PROCESSOR_FIELDS
PANEL = C.PENAWARAN_PANEL_FIELDS
FIELDS = C.PENAWARAN_FIELDS
LABEL = {f.key: f.label for f in FIELDS}
STATUS_KEY = "status_baris"

WIDTHS = {
    "kode_opd": 10, "nama_opd": 24, "kode": 10, "indikator": 36, "satuan": 12, "polaritas": 9,
    "nilai_dasar": 11, "usulan_nilai": 12, "usulan_tahun": 9, "tawaran_nilai": 12,
    "tawaran_tahun": 10, "keputusan": 15, "disepakati": 12, "disepakati_tahun": 10, "catatan": 30, STATUS_KEY: 30,
}
WRAP = {"nama_opd", "indikator", "catatan", STATUS_KEY}
YEAR_KEYS = {"usulan_tahun", "tawaran_tahun", "disepakati_tahun"}


def valid_subs(panel: Panel, submissions: list[Submission]) -> list[Submission]:
    by_code: dict[str, Submission] = {}
    for s in submissions:
        if s.valid and s.kode_opd and s.kode_opd not in by_code:
            by_code[s.kode_opd] = s
    order = list(panel.opds) + sorted(c for c in by_code if c not in panel.opds)
    return [by_code[c] for c in order if c in by_code]


def proposed_year(panel: Panel, ind: Indicator) -> int | None:
    return panel.tahun_akhir if panel.usable else ind.tahun_akhir


def offer_pairs(panel: Panel, submissions: list[Submission]) -> list[tuple[Submission, Indicator]]:
    """(submission, indicator) of every valid submission, the first indicator per code."""
    pairs = []
    for sub in valid_subs(panel, submissions):
        pairs += _sub_pairs(sub)
    return pairs


def opd_pairs(subs: list[Submission]) -> list[tuple[Submission, Indicator]]:
    """:func:`offer_pairs` of the submissions of one OPD (one Kode OPD)."""
    sub = next((s for s in subs if s.valid and s.kode_opd), None)
    return _sub_pairs(sub) if sub is not None else []


def _sub_pairs(sub: Submission) -> list[tuple[Submission, Indicator]]:
    pairs, seen = [], set()
    for ind in sub.indicators:
        if ind.kode not in seen:
            seen.add(ind.kode)
            pairs.append((sub, ind))
    return pairs


@dataclass
class OfferRow:
    key: tuple[str, str]
    proc: dict[str, object]  # processor values by field key
    panel: dict[str, Cell | None] = field(default_factory=dict)  # panel cells by field key
    status: str = ""
    source_row: int | None = None  # row in the previous file
    resolution: Resolution | None = None  # set by mark_holds for rows that are processed
    hold_at: tuple[int, int] | None = None  # (row, col) of the cell that holds the pact back
    text: str = ""  # what the row holds, as text for cache keys (row_text)

    def canon(self) -> tuple:
        return (
            tuple(_canon(self.proc.get(f.key)) for f in PROC),
            tuple(_cell_canon(self.panel.get(f.key)) for f in PANEL),
            _canon(self.status),
        )


def blank_row(cells: dict[str, Cell | None]) -> bool:
    return all(c is None or (c.value is None and not c.formula) or c.value == "" for c in cells.values())


def row_text(r: OfferRow) -> str:
    """The row's values and panel cells as text, for cache keys (made once per row)."""
    if not r.text:
        r.text = repr((tuple(r.proc.get(f.key) for f in PROC),
                       tuple(None if (c := r.panel.get(f.key)) is None else (c.value, c.percent, c.formula, c.cached)
                             for f in PANEL)))
    return r.text


def rows_content(rows: list[OfferRow]) -> str:
    """What one OPD's rows are resolved from (before the hold remarks)."""
    return "\n".join(row_text(r) + repr(r.status) for r in rows)
