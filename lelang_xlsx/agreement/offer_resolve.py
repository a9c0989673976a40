"""Resolving ``penawaran.xlsx``: every indicator of every valid submission becomes a
:class:`~lelang_xlsx.model.Resolution` (the agreed target) from the panel's entries in
its row, with findings LK501-LK507 at the exact cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

from .. import contract as C
from ..checking.findings import Finding, Pos, make
from ..model import ACCEPTED, INVALID, NO_OFFER, REFUSED, UNDECIDED, Indicator, Panel, Resolution, Submission
from ..output.textfmt import number as fmt_number
from ..reading.numbers import NUMBER, TEXT_NUMBER, is_year, parse_number
from ..reading.tables import number_advice, show
from ..reading.xlsxread import Cell, Limits
from .cells import key_text as _key_text, value as _value
from .offer_read import OfferFile, parse_offer_file
from .offer_rows import LABEL, MARK_INVALID_SUBMISSION, PANEL, STATUS_KEY, offer_pairs, proposed_year
from .path import fill_path
from ..vocab import easier, tougher_by


def _decision(value: object) -> str | None:
    """'Sanggup' / 'Tidak Sanggup' tolerating case and spaces; None if neither."""
    text = re.sub(r"\s+", " ", _key_text(value)).casefold()
    for d in C.DECISIONS:
        if text == d.casefold():
            return d
    return None


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


def base_resolution(panel: Panel, sub: Submission, ind: Indicator, status: str = NO_OFFER) -> Resolution:
    usulan_tahun = proposed_year(panel, ind)
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


def resolve_offers(path: str | Path, panel: Panel, submissions: list[Submission],
                   limits: Limits | None = None) -> tuple[list[Resolution], list[Finding]]:
    """One Resolution per indicator of every valid submission (with its agreed yearly
    path when decided), and the offer findings."""
    path = Path(path)
    pairs = offer_pairs(panel, submissions)
    if not path.exists():
        resolutions, findings = [base_resolution(panel, s, i) for s, i in pairs], []
    else:
        resolutions, findings = resolve_file(parse_offer_file(path, limits), panel, pairs)
    for res in resolutions:
        fill_path(res, panel.years)
    return resolutions, findings


def resolve_file(parsed: OfferFile, panel: Panel, pairs) -> tuple[list[Resolution], list[Finding]]:
    fname = parsed.name

    def all_undecided(findings: list[Finding]):
        return [base_resolution(panel, s, i, UNDECIDED) for s, i in pairs], findings

    if parsed.error is not None:
        code, detail, sheet = parsed.error
        return all_undecided([make(code, Pos(fname, sheet), detail=detail)])
    if parsed.sheet is None:
        return all_undecided([make("LK102", Pos(fname, C.SHEET_PENAWARAN), sheet_name=C.SHEET_PENAWARAN)])
    if parsed.problems:
        return all_undecided([make("LK103", Pos(fname, parsed.sheet, 1 if col else None, col), header=label,
                                   problem=problem) for label, problem, col in parsed.problems])
    return resolve_rows(fname, parsed.sheet, parsed.cols, parsed.rows, panel, pairs)


def resolve_rows(fname: str, sheet: str, cols: dict[str, int], rows: list, panel: Panel,
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
        status_mark = _key_text(_value(cells, STATUS_KEY))
        if key not in index or key in used:
            if status_mark:
                # marked by the processor: report it only when the panel typed an offer
                # there that will be ignored (OPDs with errors keep theirs for later)
                typed = any(_value(cells, f.key) not in (None, "") for f in PANEL if f.key != "catatan")
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

    resolutions = [by_key.get((s.kode_opd, i.kode)) or base_resolution(panel, s, i) for s, i in pairs]
    return resolutions, findings


def _resolve_row(panel: Panel, sub: Submission, ind: Indicator, r: int,
                 cells: dict[str, Cell | None], at) -> tuple[Resolution, list[Finding]]:
    res = base_resolution(panel, sub, ind, NO_OFFER)
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
        out.append(make("LK506", at(r, "tawaran_nilai"), header=LABEL["tawaran_nilai"], value=shown,
                        advice=number_advice(offer_cell.value)))

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
        out.append(make("LK506", at(r, "disepakati"), header=LABEL["disepakati"], value=shown_agreed,
                        advice=number_advice(cells["disepakati"].value)))
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
        if easier(ind.polaritas, res.usulan_nilai, offer):
            out.append(make("LK504", at(r, "tawaran_nilai"), offer=fmt_number(offer),
                            proposal=fmt_number(res.usulan_nilai), polarity=ind.polaritas))
        # rounded so that 6 - 5.4 reads 0.6, not 0.5999999999999996
        res.selisih_nilai = round(tougher_by(ind.polaritas, res.usulan_nilai, offer), 10)
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
    return None, make("LK505", pos, header=LABEL[key], value=shown, first=first, last=last)


def _invalid(res: Resolution) -> Resolution:
    res.status = INVALID
    res.disepakati_nilai = res.disepakati_tahun = None
    return res


def opd_ready(resolutions_for_opd: list[Resolution]) -> bool:
    """True when the OPD has indicators and every one is decided (its pact can be made)."""
    return bool(resolutions_for_opd) and all(r.decided for r in resolutions_for_opd)
