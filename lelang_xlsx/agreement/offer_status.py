"""The round's side of sheet Status OPD in ``penawaran.xlsx``: the remarks on offer rows
that hold an OPD's pact back, and one Status OPD row per OPD from the submissions and the
offers (the panel's cells kept). The sheet itself is read and written by
:mod:`.status_sheet`.
"""

from __future__ import annotations

from dataclasses import replace

from .. import contract as C
from ..checking.findings import Finding
from ..model import INVALID, UNDECIDED, Panel, Resolution, Submission
from ..reading.xlsxread import Cell
from . import status_sheet as SS
from .offer_rows import HOLD_INVALID, HOLD_UNDECIDED, NOT_PROCESSED, OfferRow, valid_subs


def mark_holds(rows: list[OfferRow], resolutions: list[Resolution], findings: list[Finding]) -> None:
    """Remark rows whose offer holds the OPD's pact back (undecided or invalid), from the
    resolution of the rows as written (row n of the list is row n + 2 of the sheet)."""
    by_row = {r.row: r for r in resolutions if r.row is not None}
    first_error: dict[int, Finding] = {}
    for f in findings:
        if f.is_error and f.row is not None:
            first_error.setdefault(f.row, f)
    for n, row in enumerate(rows, start=2):
        if row.status in NOT_PROCESSED:
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
    return {s.kode_opd: s for s in valid_subs(panel, submissions)}


def opd_status_rows(panel: Panel, submissions: list[Submission], rows: list[OfferRow],
                 old: list[SS.StatusRow] | None, issued) -> list[SS.StatusRow]:
    """One Status OPD row per OPD of the panel list, then unknown codes; the panel's cells kept."""
    by_code: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            by_code.setdefault(s.kode_opd, []).append(s)
    valid = _subs_by_code(panel, submissions)
    per_opd: dict[str, list[OfferRow]] = {}
    for r in rows:
        if r.status not in NOT_PROCESSED:
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
