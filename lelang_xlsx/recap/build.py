"""The recap's tables: :func:`build_recap` turns the checked submissions (and, after
the offer round, the resolutions) into a :class:`Recap` of plain rows (tuples), one table
per data sheet; the big sheets' rows are grouped per OPD (:class:`OpdRows`).

Only valid submissions are aggregated. An OPD with errors is listed in ``Per OPD`` with
its status and nothing else, so a half-checked workbook never shifts a figure.

The :class:`Recap` holds only built-in types and is picklable: the recap can be written
in another process. With a cache, the rows of an OPD whose row blocks are already cached
are left out (``OpdRows.indikator is None``): the writer reads the blocks instead.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .. import contract as C
from ..vocab import improved, improvement  # noqa: F401  (the direction logic lives in vocab)
from ..model import (ACCEPTED, DECISION_LABELS, INVALID, NO_OFFER, REFUSED, UNDECIDED, Panel,  # noqa: F401
                     Resolution, Submission, decision_label)
from ..output.xlsxchart import short_label
from ..output.xlsxstyle import (DECISION_BELUM, DECISION_INVALID, DECISION_SANGGUP, DECISION_TANPA,
                         DECISION_TIDAK_SANGGUP)

# --------------------------------------------------------------------------- names

SHEET_INDIKATOR = C.SHEET_INDIKATOR
SHEET_PER_OPD = "Per OPD"
SHEET_PER_MISI = "Per Misi"
SHEET_PENDUKUNG = C.SHEET_PENDUKUNG
SHEET_GRAFIK = "Grafik"


def _label(fields, key: str) -> str:
    return next(f.label for f in fields if f.key == key)


H_KODE_OPD = _label(C.OPD_FIELDS, "kode")  # Kode OPD
H_NAMA_OPD = _label(C.OPD_FIELDS, "nama")  # Nama OPD
H_KODE_IND = _label(C.INDIKATOR_FIELDS, "kode")
H_MISI = _label(C.INDIKATOR_FIELDS, "misi")
H_SASARAN = _label(C.INDIKATOR_FIELDS, "sasaran")
H_PROGRAM = _label(C.INDIKATOR_FIELDS, "program")
H_INDIKATOR = _label(C.INDIKATOR_FIELDS, "indikator")
H_SATUAN = _label(C.INDIKATOR_FIELDS, "satuan")
H_POLARITAS = _label(C.INDIKATOR_FIELDS, "polaritas")
H_TAHUN_DASAR = _label(C.INDIKATOR_FIELDS, "tahun_dasar")
H_NILAI_DASAR = _label(C.INDIKATOR_FIELDS, "nilai_dasar")
H_TARGET_AKHIR = "Target Akhir"
H_PERBAIKAN = "Perbaikan (%)"
H_JUMLAH_DATA = "Jumlah Data Pendukung"
H_TAWARAN = _label(C.PENAWARAN_PANEL_FIELDS, "tawaran_nilai")
H_TAWARAN_TAHUN = _label(C.PENAWARAN_PANEL_FIELDS, "tawaran_tahun")
H_KEPUTUSAN = _label(C.PENAWARAN_PANEL_FIELDS, "keputusan")
H_DISEPAKATI = _label(C.PENAWARAN_PANEL_FIELDS, "disepakati")
H_TAHUN_DISEPAKATI = _label(C.PENAWARAN_PANEL_FIELDS, "disepakati_tahun")
H_DISEPAKATI_TAHUNAN = "Disepakati {year}"  # the agreed yearly path, one column per year
H_SELISIH = "Selisih Tawaran"
H_SELISIH_PERSEN = "Selisih Tawaran (%)"
H_LEBIH_CEPAT = "Lebih Cepat (tahun)"

H_KODE = "Kode"
H_NAMA = "Nama"
H_STATUS = "Status"
H_JUMLAH_INDIKATOR = "Jumlah Indikator"
H_MISI_DILAYANI = "Misi yang Dilayani"
H_MEMBAIK = "Indikator Membaik"
H_MEMBAIK_PERSEN = "Indikator Membaik (%)"
H_MEDIAN = "Median Perbaikan (%)"
H_JUMLAH_TAWARAN = "Jumlah Tawaran"
# The decision counts are headed by the decision labels themselves (also the chart's series).
H_SANGGUP = DECISION_SANGGUP
H_TIDAK_SANGGUP = DECISION_TIDAK_SANGGUP
H_BELUM = DECISION_BELUM
H_TANPA = DECISION_TANPA

H_URAIAN = _label(C.MISI_FIELDS, "uraian")
H_JUMLAH_OPD = "Jumlah OPD"
H_OPD = "OPD"
H_KETERANGAN = "Keterangan"
H_MISI_RINGKAS = "Misi (ringkas)"  # the mission chart's category labels
MISSION_UNSERVED = "BELUM ADA INDIKATOR"

H_URAIAN_DATA = _label(C.PENDUKUNG_FIELDS, "uraian")
H_RINCIAN = _label(C.PENDUKUNG_FIELDS, "rincian")
H_TAHUN = _label(C.PENDUKUNG_FIELDS, "tahun")
H_NILAI = _label(C.PENDUKUNG_FIELDS, "nilai")
H_SUMBER = _label(C.PENDUKUNG_FIELDS, "sumber")

STATUS_VALID = C.FORM_VALID
STATUS_ERRORS = C.FORM_ERRORS
STATUS_MISSING = C.FORM_MISSING

# Column presentation: years without a group separator, percentages with one decimal,
# counts as integers; everything else numeric gets the decimals it needs.
_YEAR_COLUMNS = {H_TAHUN_DASAR, H_TAWARAN_TAHUN, H_TAHUN_DISEPAKATI, H_TAHUN,
                 *(f.label for f in C.indikator_fields(range(0)) if f.kind == "year")}
_PERCENT_COLUMNS = {H_PERBAIKAN, H_SELISIH_PERSEN, H_MEMBAIK_PERSEN, H_MEDIAN}
_COUNT_COLUMNS = {
    H_JUMLAH_DATA, H_JUMLAH_INDIKATOR, H_JUMLAH_TAWARAN, H_SANGGUP, H_TIDAK_SANGGUP,
    H_BELUM, H_TANPA, H_JUMLAH_OPD, H_LEBIH_CEPAT, H_MEMBAIK,
}
_WIDE_TEXT = {H_SASARAN: 34, H_PROGRAM: 30, H_INDIKATOR: 36, H_URAIAN: 60, H_URAIAN_DATA: 30,
              H_NAMA_OPD: 28, H_NAMA: 32, H_RINCIAN: 22, H_SUMBER: 24, H_OPD: 30,
              H_MISI_DILAYANI: 16, H_KETERANGAN: 24, H_MISI_RINGKAS: 30}

def agreed_header(year: int) -> str:
    return H_DISEPAKATI_TAHUNAN.format(year=year)


# --------------------------------------------------------------------------- numbers


def _valid_by_code(submissions: list[Submission]) -> dict[str, Submission]:
    out: dict[str, Submission] = {}
    for s in submissions:
        if s.valid and s.kode_opd and s.kode_opd not in out:
            out[s.kode_opd] = s
    return out


def _opd_order(panel: Panel, codes) -> list[str]:
    listed = list(panel.opds)
    extra = sorted(c for c in set(codes) if c and c not in panel.opds)
    return listed + extra


def _ordered_valid(panel: Panel, submissions: list[Submission]) -> list[Submission]:
    by_code = _valid_by_code(submissions)
    return [by_code[c] for c in _opd_order(panel, by_code) if c in by_code]


def _name(panel: Panel, sub: Submission | None, code: str) -> str:
    return panel.opds.get(code) or (sub.identity.nama_opd if sub else "") or ""


def _mission_codes(panel: Panel, codes: set[str]) -> list[str]:
    return [m for m in panel.missions if m in codes] + sorted(codes - set(panel.missions))


# --------------------------------------------------------------------------- build


@dataclass
class Table:
    """A small data sheet: its headers and its rows (tuples in column order)."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


@dataclass
class OpdRows:
    """One valid OPD's rows in the big sheets (``Indikator``, ``Data Pendukung`` and,
    derived from them, the session view). ``key`` names its cached row blocks (None: not
    cached); ``indikator``/``pendukung`` are None when those blocks are in the cache."""

    kode: str
    nama: str  # as the Per OPD sheet names it (the session view's title row)
    key: str | None = None
    indikator: list[tuple] | None = None
    pendukung: list[tuple] | None = None


@dataclass
class Recap:
    """Everything the recap workbook shows, as plain rows."""

    years: list[int]
    indikator_columns: list[str]
    pendukung_columns: list[str]
    opds: list[OpdRows]  # valid OPDs, in sheet order
    per_opd: Table
    per_misi: Table

    def tables(self) -> dict[str, list[str]]:
        """Sheet name -> headers, in sheet order."""
        return {SHEET_INDIKATOR: self.indikator_columns, SHEET_PER_OPD: self.per_opd.columns,
                SHEET_PER_MISI: self.per_misi.columns, SHEET_PENDUKUNG: self.pendukung_columns}


def _shown_fields() -> tuple[tuple, tuple]:
    """The form's indicator columns the recap shows (contract ``shown_in``): those before the
    targets, and the optional ones after them."""
    return C.shown_in(C.INDIKATOR_FIELDS, C.RECAP), C.shown_in(C.INDIKATOR_TAIL_FIELDS, C.RECAP)


def indikator_columns(years, with_offers: bool) -> list[str]:
    head, tail = _shown_fields()
    cols = [H_KODE_OPD, H_NAMA_OPD, *(f.label for f in head),
            *(C.target_header(y) for y in years), H_TARGET_AKHIR, H_PERBAIKAN, H_JUMLAH_DATA,
            *(f.label for f in tail)]
    if with_offers:
        cols += [H_TAWARAN, H_TAWARAN_TAHUN, H_KEPUTUSAN, H_DISEPAKATI, H_TAHUN_DISEPAKATI,
                 *(agreed_header(y) for y in years), H_SELISIH, H_SELISIH_PERSEN, H_LEBIH_CEPAT]
    return cols


PENDUKUNG_COLUMNS = [H_KODE_OPD, H_NAMA_OPD, H_KODE_IND, H_INDIKATOR, H_URAIAN_DATA, H_RINCIAN,
                     H_TAHUN, H_NILAI, H_SATUAN, H_SUMBER]


def _indikator_rows(sub: Submission, name: str, years, res_by_key, with_offers: bool) -> list[tuple]:
    code = sub.kode_opd
    n_fig: dict[str, int] = {}
    for f in sub.figures:
        n_fig[f.kode] = n_fig.get(f.kode, 0) + 1
    head, tail = ([f.key for f in fields] for fields in _shown_fields())
    rows = []
    for ind in sub.indicators:
        targets = ind.targets
        row = [code, name, *(getattr(ind, k) for k in head), *(targets.get(y) for y in years), ind.target_akhir,
               improvement(ind.polaritas, ind.nilai_dasar, ind.target_akhir), n_fig.get(ind.kode, 0),
               *(getattr(ind, k) for k in tail)]
        if with_offers:
            r = res_by_key.get((code, ind.kode))
            if r is None:
                row += [None] * (8 + len(years))
            else:
                path = r.tahunan or {}
                row += [r.tawaran_nilai, r.tawaran_tahun if r.has_offer else None, decision_label(r.status),
                        r.disepakati_nilai, r.disepakati_tahun, *(path.get(y) for y in years),
                        r.selisih_nilai, r.selisih_persen, r.tahun_lebih_cepat]
        rows.append(tuple(row))
    return rows


def _pendukung_rows(sub: Submission, name: str) -> list[tuple]:
    names = {i.kode: i.indikator for i in sub.indicators}
    code = sub.kode_opd
    return [(code, name, f.kode, names.get(f.kode, ""), f.uraian, f.rincian, f.tahun, f.nilai, f.satuan, f.sumber)
            for f in sub.figures]


def build_recap(
    panel: Panel,
    submissions: list[Submission],
    resolutions: list[Resolution] | None = None,
    opd_keys: dict[str, str] | None = None,
    cached=None,
) -> Recap:
    """The recap's rows. ``opd_keys`` (Kode OPD -> what its rows derive from) makes the
    OPDs' row blocks cacheable; ``cached(key) -> bool`` says which are cached already, and
    their rows are left out."""
    from ..cache import digest

    years = list(panel.years)
    valid = _ordered_valid(panel, submissions)
    res_by_key = {(r.kode_opd, r.indicator.kode): r for r in (resolutions or [])}
    with_offers = resolutions is not None
    ind_cols = indikator_columns(years, with_offers)

    # ---- Per OPD
    submitted: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            submitted.setdefault(s.kode_opd, []).append(s)
    valid_by_code = {s.kode_opd: s for s in valid}
    opd_cols = [H_KODE, H_NAMA, H_STATUS, H_JUMLAH_INDIKATOR, H_MISI_DILAYANI, H_MEMBAIK, H_MEMBAIK_PERSEN,
                H_MEDIAN]
    if with_offers:
        opd_cols += [H_JUMLAH_TAWARAN, H_SANGGUP, H_TIDAK_SANGGUP, H_BELUM, H_TANPA]
    opd_rows = []
    titles: dict[str, str] = {}
    for code in _opd_order(panel, submitted):
        subs = submitted.get(code, [])
        sub = valid_by_code.get(code)
        name = _name(panel, subs[0] if subs else None, code)
        titles[code] = name
        if sub is not None:
            gains = [g for g in (improvement(i.polaritas, i.nilai_dasar, i.target_akhir)
                                 for i in sub.indicators) if g is not None]
            better = [b for b in (improved(i.polaritas, i.nilai_dasar, i.target_akhir)
                                  for i in sub.indicators) if b is not None]
            row = [code, name, STATUS_VALID, len(sub.indicators),
                   ", ".join(_mission_codes(panel, {i.misi for i in sub.indicators})),
                   sum(better), 100 * sum(better) / len(better) if better else None,
                   statistics.median(gains) if gains else None]
            if with_offers:
                rs = [res_by_key[(code, i.kode)] for i in sub.indicators if (code, i.kode) in res_by_key]
                row += [sum(r.has_offer for r in rs), sum(r.status == ACCEPTED for r in rs),
                        sum(r.status == REFUSED for r in rs), sum(not r.decided for r in rs),
                        sum(r.status == NO_OFFER for r in rs)]
        else:
            row = [code, name, STATUS_ERRORS if subs else STATUS_MISSING] + [None] * (len(opd_cols) - 3)
        opd_rows.append(tuple(row))
    per_opd = Table(opd_cols, opd_rows)

    # ---- Per Misi
    misi_rows = []
    for mcode, uraian in panel.missions.items():
        opds = [s.kode_opd for s in valid if any(i.misi == mcode for i in s.indicators)]
        n_ind = sum(1 for s in valid for i in s.indicators if i.misi == mcode)
        misi_rows.append((mcode, uraian, short_label(uraian) or mcode, len(opds), ", ".join(opds), n_ind,
                          MISSION_UNSERVED if n_ind == 0 else ""))
    per_misi = Table([H_KODE, H_URAIAN, H_MISI_RINGKAS, H_JUMLAH_OPD, H_OPD, H_JUMLAH_INDIKATOR, H_KETERANGAN],
                     misi_rows)

    # ---- Indikator and Data Pendukung, per OPD
    parts = []
    for sub in valid:
        code = sub.kode_opd
        base = (opd_keys or {}).get(code)
        key = digest("rekap-opd-blocks", base, ind_cols, PENDUKUNG_COLUMNS, titles.get(code, "")) if base else None
        part = OpdRows(code, titles.get(code, ""), key)
        if key is None or cached is None or not cached(key):
            name = _name(panel, sub, code)
            part.indikator = _indikator_rows(sub, name, years, res_by_key, with_offers)
            part.pendukung = _pendukung_rows(sub, name)
        parts.append(part)
    return Recap(years, ind_cols, list(PENDUKUNG_COLUMNS), parts, per_opd, per_misi)
