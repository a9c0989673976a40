"""The round's side of sheet Status OPD in ``penawaran.xlsx``: the remarks on offer rows
that hold an OPD's pact back, and one Status OPD row per OPD from the submissions and the
offers (the panel's cells kept). The sheet itself is read and written by
:mod:`.status_sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .. import contract as C
from ..checking.findings import Finding, cell_ref
from ..model import INVALID, UNDECIDED, Panel, Resolution, Submission
from ..reading.xlsxread import Cell
from . import status_sheet as SS
from .offer_rows import HOLD_INVALID, HOLD_UNDECIDED, NOT_PROCESSED, OfferRow, valid_subs


def mark_holds(rows: list[OfferRow], resolutions: list[Resolution], findings: list[Finding], first_row: int = 2) -> None:
    """Remark rows whose offer holds the OPD's pact back (undecided or invalid), from the
    resolution of the rows as written (row n of the list is row n + ``first_row`` of the sheet)."""
    by_row = {r.row: r for r in resolutions if r.row is not None}
    first_error: dict[int, Finding] = {}
    for f in findings:
        if f.is_error and f.row is not None:
            first_error.setdefault(f.row, f)
    for n, row in enumerate(rows, start=first_row):
        if row.status in NOT_PROCESSED:
            continue
        row.status = ""
        res = by_row.get(n)
        if res is None:
            continue
        row.resolution = res
        first = first_error.get(n)
        row.hold_at = (first.row, first.col) if first is not None else None
        if res.status == UNDECIDED:
            row.status = HOLD_UNDECIDED
        elif res.status == INVALID:
            row.status = HOLD_INVALID


@dataclass
class OpdSummary:
    """What the Status OPD row of one OPD takes from its offer rows."""

    processed: int = 0  # rows not marked (its current indicators)
    offers: int = 0  # of those, rows with an offer (or not decided)
    undecided: int = 0  # of those, rows holding the pact back
    holds: list = field(default_factory=list)  # the first three of them: (row, col) of their first error, or None

    def moved(self, delta: int) -> "OpdSummary":
        return OpdSummary(self.processed, self.offers, self.undecided,
                          [None if h is None else (h[0] + delta, h[1]) for h in self.holds])


def opd_summary(rows: list[OfferRow]) -> OpdSummary:
    """:class:`OpdSummary` of one OPD's rows after :func:`mark_holds`."""
    mine = [r for r in rows if r.status not in NOT_PROCESSED]
    undecided = [r for r in mine if r.status]
    offers = sum(bool(r.resolution and (r.resolution.has_offer or not r.resolution.decided)) for r in mine)
    return OpdSummary(len(mine), offers, len(undecided), [r.hold_at for r in undecided[:3]])


def summaries(rows: list[OfferRow]) -> dict[str, OpdSummary]:
    """:func:`opd_summary` of every OPD's rows."""
    by_code: dict[str, list[OfferRow]] = {}
    for r in rows:
        by_code.setdefault(r.key[0], []).append(r)
    return {code: opd_summary(part) for code, part in by_code.items()}


def _subs_by_code(panel: Panel, submissions: list[Submission]) -> dict[str, Submission]:
    return {s.kode_opd: s for s in valid_subs(panel, submissions)}


def opd_status_rows(panel: Panel, submissions: list[Submission], per_opd: dict[str, OpdSummary],
                 old: list[SS.StatusRow] | None, issued) -> list[SS.StatusRow]:
    """One Status OPD row per OPD of the panel list, then unknown codes; the panel's cells kept.
    ``per_opd``: :func:`summaries` of the rows."""
    by_code: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            by_code.setdefault(s.kode_opd, []).append(s)
    valid = _subs_by_code(panel, submissions)
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
        mine = per_opd.get(kode, OpdSummary()) if kode in valid else OpdSummary()
        if not subs:
            form = C.FORM_MISSING
        elif kode in valid and all(s.valid for s in subs) and len(subs) == 1:
            form = C.FORM_VALID
        else:
            form = C.FORM_ERRORS
        proc = {"kode_opd": kode, "nama_opd": panel.opds.get(kode) or (subs[0].identity.nama_opd if subs else ""),
                "status_formulir": form, "jumlah_indikator": mine.processed if kode in valid else None,
                "jumlah_tawaran": mine.offers if kode in valid else None,
                "belum_diputuskan": mine.undecided if kode in valid else None}
        row = SS.StatusRow(kode, proc)
        if kode in prev:
            row.panel = prev.pop(kode).panel
        elif old is None and kode in issued:
            row.panel = {"sesi_selesai": Cell(C.SESSION_DONE, text=True)}
        if mine.undecided:
            cells = ", ".join(f"{C.SHEET_PENAWARAN}!{cell_ref(*h)}" for h in mine.holds if h is not None)
            more = f" dan {mine.undecided - 3} lainnya" if mine.undecided > 3 else ""
            row.status = f"pakta ditahan: {mine.undecided} tawaran belum diputuskan atau tidak valid ({cells}{more})"
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
