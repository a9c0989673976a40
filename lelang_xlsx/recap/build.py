"""The recap for the panel (``hasil/rekap.xlsx``).

:func:`build_recap` turns the checked submissions (and, after the offer round, the
resolutions) into plain pandas DataFrames, one per sheet; :func:`write_recap` writes
them with XlsxWriter, formatted to be shown on a projector and printed.

Only valid submissions are aggregated. An OPD with errors is listed in ``Per OPD`` with
its status and nothing else, so a half-checked workbook never shifts an average.

Every value that came from an OPD's text is written as a string cell: ``=1+1`` typed by
an operator stays the text ``=1+1`` in the recap, never a formula.
"""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import pandas as pd
import xlsxwriter

from .. import atomic
from .. import contract as C
from ..model import ACCEPTED, REFUSED, Panel, Resolution, Submission
from ..xlsxbulk import BulkSheet, column_renderer, patch
from ..xlsxstyle import (FIXED_CREATED, WORKBOOK_OPTIONS, Styles, is_blank, line_height, setup_table_sheet,
                        wrapped_lines)

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
H_TAHUN_DISEPAKATI = "Tahun Disepakati"
H_SELISIH = "Selisih Tawaran"
H_SELISIH_PERSEN = "Selisih Tawaran (%)"
H_LEBIH_CEPAT = "Lebih Cepat (tahun)"

H_KODE = "Kode"
H_NAMA = "Nama"
H_STATUS = "Status"
H_JUMLAH_INDIKATOR = "Jumlah Indikator"
H_MISI_DILAYANI = "Misi yang Dilayani"
H_RATA = "Rata-rata Perbaikan (%)"
H_MEDIAN = "Median Perbaikan (%)"
H_JUMLAH_TAWARAN = "Jumlah Tawaran"
H_SANGGUP = C.DECISIONS[0]
H_TIDAK_SANGGUP = C.DECISIONS[1]
H_BELUM = "Belum Diputuskan"

H_URAIAN = _label(C.MISI_FIELDS, "uraian")
H_JUMLAH_OPD = "Jumlah OPD"
H_OPD = "OPD"
H_KETERANGAN = "Keterangan"
MISSION_UNSERVED = "BELUM ADA INDIKATOR"

H_URAIAN_DATA = _label(C.PENDUKUNG_FIELDS, "uraian")
H_RINCIAN = _label(C.PENDUKUNG_FIELDS, "rincian")
H_TAHUN = _label(C.PENDUKUNG_FIELDS, "tahun")
H_NILAI = _label(C.PENDUKUNG_FIELDS, "nilai")
H_SUMBER = _label(C.PENDUKUNG_FIELDS, "sumber")

STATUS_VALID = "valid"
STATUS_ERRORS = "ada galat"
STATUS_MISSING = "belum mengirim"

# Column presentation: years without a group separator, percentages with one decimal,
# counts as integers; everything else numeric gets the decimals it needs.
_YEAR_COLUMNS = {H_TAHUN_DASAR, H_TAWARAN_TAHUN, H_TAHUN_DISEPAKATI, H_TAHUN}
_PERCENT_COLUMNS = {H_PERBAIKAN, H_SELISIH_PERSEN, H_RATA, H_MEDIAN}
_COUNT_COLUMNS = {
    H_JUMLAH_DATA, H_JUMLAH_INDIKATOR, H_JUMLAH_TAWARAN, H_SANGGUP, H_TIDAK_SANGGUP,
    H_BELUM, H_JUMLAH_OPD, H_LEBIH_CEPAT,
}
_WIDE_TEXT = {H_SASARAN: 34, H_PROGRAM: 30, H_INDIKATOR: 36, H_URAIAN: 60, H_URAIAN_DATA: 30,
              H_NAMA_OPD: 28, H_NAMA: 32, H_RINCIAN: 22, H_SUMBER: 24, H_OPD: 30,
              H_MISI_DILAYANI: 16, H_KETERANGAN: 24}


# --------------------------------------------------------------------------- numbers


def improvement(polaritas: str, dasar: float | None, akhir: float | None) -> float | None:
    """Improvement from baseline to end-point in %, positive = better for the polarity.

    Naik: (akhir − dasar) / |dasar| × 100; Turun: (dasar − akhir) / |dasar| × 100;
    Tetap: −|akhir − dasar| / |dasar| × 100 (any drift is a loss). ``None`` when the
    baseline is 0 or a value is missing.
    """
    if dasar is None or akhir is None or dasar == 0:
        return None
    if isinstance(dasar, float) and math.isnan(dasar) or isinstance(akhir, float) and math.isnan(akhir):
        return None
    p = C.norm(polaritas)
    if p == "naik":
        return (akhir - dasar) / abs(dasar) * 100
    if p == "turun":
        return (dasar - akhir) / abs(dasar) * 100
    if p == "tetap":
        return -abs(akhir - dasar) / abs(dasar) * 100
    return None


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


def build_recap(
    panel: Panel,
    submissions: list[Submission],
    resolutions: list[Resolution] | None = None,
) -> dict[str, pd.DataFrame]:
    """The recap tables, one DataFrame per sheet, in sheet order."""
    years = list(panel.years)
    valid = _ordered_valid(panel, submissions)
    res_by_key = {(r.kode_opd, r.indicator.kode): r for r in (resolutions or [])}
    with_offers = resolutions is not None

    # ---- Indikator
    ind_rows = []
    for sub in valid:
        code = sub.kode_opd
        n_fig: dict[str, int] = {}
        for f in sub.figures:
            n_fig[f.kode] = n_fig.get(f.kode, 0) + 1
        for ind in sub.indicators:
            row = {
                H_KODE_OPD: code,
                H_NAMA_OPD: _name(panel, sub, code),
                H_KODE_IND: ind.kode,
                H_MISI: ind.misi,
                H_SASARAN: ind.sasaran,
                H_PROGRAM: ind.program,
                H_INDIKATOR: ind.indikator,
                H_SATUAN: ind.satuan,
                H_POLARITAS: ind.polaritas,
                H_TAHUN_DASAR: ind.tahun_dasar,
                H_NILAI_DASAR: ind.nilai_dasar,
            }
            for y in years:
                row[C.target_header(y)] = ind.targets.get(y)
            row[H_TARGET_AKHIR] = ind.target_akhir
            row[H_PERBAIKAN] = improvement(ind.polaritas, ind.nilai_dasar, ind.target_akhir)
            row[H_JUMLAH_DATA] = n_fig.get(ind.kode, 0)
            if with_offers:
                r = res_by_key.get((code, ind.kode))
                row[H_TAWARAN] = r.tawaran_nilai if r else None
                row[H_TAWARAN_TAHUN] = r.tawaran_tahun if r and r.has_offer else None
                row[H_KEPUTUSAN] = r.status if r else None
                row[H_DISEPAKATI] = r.disepakati_nilai if r else None
                row[H_TAHUN_DISEPAKATI] = r.disepakati_tahun if r else None
                row[H_SELISIH] = r.selisih_nilai if r else None
                row[H_SELISIH_PERSEN] = r.selisih_persen if r else None
                row[H_LEBIH_CEPAT] = r.tahun_lebih_cepat if r else None
            ind_rows.append(row)
    ind_cols = [H_KODE_OPD, H_NAMA_OPD, H_KODE_IND, H_MISI, H_SASARAN, H_PROGRAM, H_INDIKATOR,
                H_SATUAN, H_POLARITAS, H_TAHUN_DASAR, H_NILAI_DASAR,
                *(C.target_header(y) for y in years), H_TARGET_AKHIR, H_PERBAIKAN, H_JUMLAH_DATA]
    if with_offers:
        ind_cols += [H_TAWARAN, H_TAWARAN_TAHUN, H_KEPUTUSAN, H_DISEPAKATI, H_TAHUN_DISEPAKATI,
                     H_SELISIH, H_SELISIH_PERSEN, H_LEBIH_CEPAT]
    indikator = pd.DataFrame(ind_rows, columns=ind_cols, dtype=object)

    # ---- Per OPD
    submitted: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            submitted.setdefault(s.kode_opd, []).append(s)
    valid_by_code = {s.kode_opd: s for s in valid}
    opd_rows = []
    for code in _opd_order(panel, submitted):
        subs = submitted.get(code, [])
        sub = valid_by_code.get(code)
        row = {H_KODE: code, H_NAMA: _name(panel, subs[0] if subs else None, code)}
        if sub is not None:
            gains = [g for g in (improvement(i.polaritas, i.nilai_dasar, i.target_akhir)
                                 for i in sub.indicators) if g is not None]
            row[H_STATUS] = STATUS_VALID
            row[H_JUMLAH_INDIKATOR] = len(sub.indicators)
            row[H_MISI_DILAYANI] = ", ".join(_mission_codes(panel, {i.misi for i in sub.indicators}))
            row[H_RATA] = statistics.fmean(gains) if gains else None
            row[H_MEDIAN] = statistics.median(gains) if gains else None
            if with_offers:
                rs = [res_by_key[(code, i.kode)] for i in sub.indicators if (code, i.kode) in res_by_key]
                row[H_JUMLAH_TAWARAN] = sum(r.has_offer for r in rs)
                row[H_SANGGUP] = sum(r.status == ACCEPTED for r in rs)
                row[H_TIDAK_SANGGUP] = sum(r.status == REFUSED for r in rs)
                row[H_BELUM] = sum(not r.decided for r in rs)
        else:
            row[H_STATUS] = STATUS_ERRORS if subs else STATUS_MISSING
        opd_rows.append(row)
    opd_cols = [H_KODE, H_NAMA, H_STATUS, H_JUMLAH_INDIKATOR, H_MISI_DILAYANI, H_RATA, H_MEDIAN]
    if with_offers:
        opd_cols += [H_JUMLAH_TAWARAN, H_SANGGUP, H_TIDAK_SANGGUP, H_BELUM]
    per_opd = pd.DataFrame(opd_rows, columns=opd_cols, dtype=object)

    # ---- Per Misi
    misi_rows = []
    for mcode, uraian in panel.missions.items():
        opds = [s.kode_opd for s in valid if any(i.misi == mcode for i in s.indicators)]
        n_ind = sum(1 for s in valid for i in s.indicators if i.misi == mcode)
        misi_rows.append({
            H_KODE: mcode,
            H_URAIAN: uraian,
            H_JUMLAH_OPD: len(opds),
            H_OPD: ", ".join(opds),
            H_JUMLAH_INDIKATOR: n_ind,
            H_KETERANGAN: MISSION_UNSERVED if n_ind == 0 else "",
        })
    per_misi = pd.DataFrame(
        misi_rows, columns=[H_KODE, H_URAIAN, H_JUMLAH_OPD, H_OPD, H_JUMLAH_INDIKATOR, H_KETERANGAN],
        dtype=object,
    )

    # ---- Data Pendukung
    fig_rows = []
    for sub in valid:
        names = {i.kode: i.indikator for i in sub.indicators}
        for f in sub.figures:
            fig_rows.append({
                H_KODE_OPD: sub.kode_opd,
                H_NAMA_OPD: _name(panel, sub, sub.kode_opd),
                H_KODE_IND: f.kode,
                H_INDIKATOR: names.get(f.kode, ""),
                H_URAIAN_DATA: f.uraian,
                H_RINCIAN: f.rincian,
                H_TAHUN: f.tahun,
                H_NILAI: f.nilai,
                H_SATUAN: f.satuan,
                H_SUMBER: f.sumber,
            })
    pendukung = pd.DataFrame(
        fig_rows,
        columns=[H_KODE_OPD, H_NAMA_OPD, H_KODE_IND, H_INDIKATOR, H_URAIAN_DATA, H_RINCIAN,
                 H_TAHUN, H_NILAI, H_SATUAN, H_SUMBER],
        dtype=object,
    )

    return {
        SHEET_INDIKATOR: indikator,
        SHEET_PER_OPD: per_opd,
        SHEET_PER_MISI: per_misi,
        SHEET_PENDUKUNG: pendukung,
    }


# --------------------------------------------------------------------------- write


def _cell_options(column: str) -> dict:
    if column in _YEAR_COLUMNS:
        return {"num_format": "0", "align": "center"}
    if column in _PERCENT_COLUMNS:
        return {"decimals": 1}
    if column in _COUNT_COLUMNS:
        return {"decimals": 0, "align": "center"}
    return {}


def _width(column: str, values) -> float:
    if column in _WIDE_TEXT:
        return _WIDE_TEXT[column]
    header = max(len(w) for w in column.split()) + 2
    present = [v for v in values if not is_blank(v)]
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        shown = max(len(f"{float(v):,.2f}".rstrip("0").rstrip(".")) for v in present)
        return float(min(max(header, shown + 2, 8), 16))
    longest = max([len(str(v)) for v in present] + [0])
    return float(min(max(longest + 2, header, 8), 22))


BULK_SHEETS = (SHEET_INDIKATOR, SHEET_PENDUKUNG)  # large tables: rows written as raw XML


def _bulk_formats(st: Styles, df: pd.DataFrame) -> list:
    """Every format a bulk sheet's cell can take, registered in a fixed order so that
    style indices (and so cached row blocks) are the same on every run."""
    out = []
    for column in df.columns:
        opts = _cell_options(column)
        wrap = column in _WIDE_TEXT
        probes: list = ["x", None, True]
        if "num_format" in opts or "decimals" in opts:
            probes.append(1.0)
        else:
            probes += [1.0, 1.5, 1.25, 1.125, 1.0625]  # 0 to 4 decimals
        for value in probes:
            _, _, fmt = st.resolve(value, wrap=wrap, **opts)
            out.append(fmt._get_xf_index())
    return out


def _bulk_rows(df: pd.DataFrame, st: Styles, widths: list[float]) -> list[tuple[str, bytes, int]]:
    """(Kode OPD, XML, row count) blocks of a bulk sheet, one per OPD, in sheet order."""
    options = [_cell_options(column) for column in df.columns]
    wraps = [column in _WIDE_TEXT for column in df.columns]
    blocks: list[tuple[str, list]] = []
    for values in df.itertuples(index=False, name=None):
        kode = str(values[0])
        if not blocks or blocks[-1][0] != kode:
            blocks.append((kode, []))
        blocks[-1][1].append(values)
    return [(kode, rows, len(rows)) for kode, rows in blocks], options, wraps


def _render_block(rows: list, renderers: list, widths, wraps) -> bytes:
    out = []
    wrapped = [c for c, w in enumerate(wraps) if w]
    for values in rows:
        lines = max([wrapped_lines(values[c], widths[c]) for c in wrapped] + [1])
        out.append(f'<row ht="{line_height(lines)}" customHeight="1">' if lines > 1 else "<row>")
        out.extend(r(v) for r, v in zip(renderers, values))
        out.append("</row>")
    return "".join(out).encode("utf-8")


def _write_frame(wb, st: Styles, name: str, df: pd.DataFrame, title: str, freeze_cols: int,
                 bulk: list | None = None, blocks: "RowBlocks | None" = None) -> None:
    ws = wb.add_worksheet(name)
    widths = [_width(column, df[column].tolist()) for column in df.columns]
    for c, column in enumerate(df.columns):
        ws.write_string(0, c, str(column), st.header())
        ws.set_column(c, c, widths[c])
    header_lines = max([wrapped_lines(str(col), w - 1) for col, w in zip(df.columns, widths)] + [1])
    options = [_cell_options(column) for column in df.columns]
    wraps = [column in _WIDE_TEXT for column in df.columns]
    if bulk is not None and name in BULK_SHEETS:
        sheet = BulkSheet(ws, len(df.columns))
        bulk.append(sheet)
        groups, options, wraps = _bulk_rows(df, st, widths)
        renderers = [column_renderer(st, w, o) for w, o in zip(wraps, options)]
        for kode, rows, n in groups:
            key = blocks.key(name, kode, widths) if blocks is not None else None
            fragment = blocks.get(key) if key else None
            if fragment is None:
                fragment = _render_block(rows, renderers, widths, wraps)
                if key:
                    blocks.put(key, fragment)
            sheet.add(fragment, n)
    else:
        for r, values in enumerate(df.itertuples(index=False, name=None), start=1):
            lines = max([wrapped_lines(v, widths[c]) for c, v in enumerate(values) if wraps[c]] + [1])
            if lines > 1:
                ws.set_row(r, line_height(lines))
            for c, value in enumerate(values):
                opts = dict(options[c])
                if name == SHEET_PER_MISI and df.columns[c] == H_KETERANGAN and value == MISSION_UNSERVED:
                    opts.update(bold=True, font_color="#9C0006", bg_color="#FFC7CE")
                if name == SHEET_PER_OPD and df.columns[c] == H_STATUS and value != STATUS_VALID:
                    opts.update(font_color="#9C0006", bg_color="#FFC7CE")
                st.put(ws, r, c, value, wrap=wraps[c], **opts)
    setup_table_sheet(ws, len(df), len(df.columns), freeze_cols=freeze_cols, title=title,
                      paper=8 if len(df.columns) > 16 else 9, header_lines=header_lines)


class RowBlocks:
    """Cached XML row blocks of the bulk sheets, one per OPD.

    ``opd_keys`` says what each OPD's rows derive from (its submission, its resolutions
    and the panel); ``store`` has ``get_blob``/``put_blob`` (the run's cache). The key
    also holds the style registry, so a change in formats invalidates every block.
    """

    def __init__(self, store, opd_keys: dict[str, str], styles_signature: str = ""):
        self.store = store
        self.opd_keys = opd_keys
        self.signature = styles_signature

    def key(self, sheet: str, kode: str, widths) -> str | None:
        from ..cache import digest

        base = self.opd_keys.get(kode)
        return digest("rekap-rows", sheet, base, self.signature, [round(w, 2) for w in widths]) if base else None

    def get(self, key: str):
        return self.store.get_blob(key)

    def put(self, key: str, value: bytes) -> None:
        self.store.put_blob(key, value)


def _write_charts(wb, frames: dict[str, pd.DataFrame]) -> None:
    ws = wb.add_worksheet(SHEET_GRAFIK)
    ws.set_landscape()
    ws.set_paper(9)  # A4; a fixed scale instead of fit-to-page, so the manual page breaks hold
    ws.set_print_scale(80)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    per_opd = frames.get(SHEET_PER_OPD)
    per_misi = frames.get(SHEET_PER_MISI)
    top = 0
    breaks: list[int] = []

    def place(chart, height: int) -> None:
        # One chart per printed page: a page break before every chart but the first.
        nonlocal top
        height = min(height, 600)  # one A4 landscape page at 100 %
        chart.set_size({"width": 860, "height": height})
        if top:
            breaks.append(top)
        ws.insert_chart(top, 0, chart)
        top += math.ceil(height / 20) + 2
    if per_opd is not None and len(per_opd):
        n = len(per_opd)
        cols = list(per_opd.columns)
        name_col = cols.index(H_NAMA)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": H_RATA,
            "categories": [SHEET_PER_OPD, 1, name_col, n, name_col],
            "values": [SHEET_PER_OPD, 1, cols.index(H_RATA), n, cols.index(H_RATA)],
            "fill": {"color": "#2E75B6"},
            "data_labels": {"value": True, "num_format": "#,##0.0"},
        })
        chart.set_title({"name": "Rata-rata perbaikan target per OPD (%)"})
        chart.set_y_axis({"reverse": True})  # first OPD of the list on top
        chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_legend({"none": True})
        place(chart, max(320, 40 * n + 120))
        if H_SANGGUP in cols:
            chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
            for header, color in ((H_SANGGUP, "#548235"), (H_TIDAK_SANGGUP, "#C55A11"), (H_BELUM, "#7F7F7F")):
                k = cols.index(header)
                chart.add_series({
                    "name": [SHEET_PER_OPD, 0, k],
                    "categories": [SHEET_PER_OPD, 1, name_col, n, name_col],
                    "values": [SHEET_PER_OPD, 1, k, n, k],
                    "fill": {"color": color},
                })
            chart.set_title({"name": "Keputusan atas tawaran per OPD (jumlah indikator)"})
            chart.set_y_axis({"reverse": True})
            chart.set_legend({"position": "bottom"})
            place(chart, max(320, 40 * n + 140))
    if per_misi is not None and len(per_misi):
        n = len(per_misi)
        cols = list(per_misi.columns)
        chart = wb.add_chart({"type": "column"})
        k = cols.index(H_JUMLAH_INDIKATOR)
        chart.add_series({
            "name": H_JUMLAH_INDIKATOR,
            "categories": [SHEET_PER_MISI, 1, cols.index(H_KODE), n, cols.index(H_KODE)],
            "values": [SHEET_PER_MISI, 1, k, n, k],
            "fill": {"color": "#2E75B6"},
            "data_labels": {"value": True},
        })
        chart.set_title({"name": "Jumlah indikator per misi"})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "0", "major_gridlines": {"visible": True}})
        place(chart, 360)
    if breaks:
        ws.set_h_pagebreaks(breaks)


def write_recap(path: str | Path, frames: dict[str, pd.DataFrame], panel: Panel, store=None,
                opd_keys: dict[str, str] | None = None) -> None:
    """Write the recap atomically. Same frames -> identical bytes.

    With ``store`` (the run's cache) and ``opd_keys``, the rows of unchanged OPDs in the
    big sheets are reused from the previous run instead of being rendered again.
    """
    title = f"Rekap Lelang Kinerja {panel.nama_pemda}".strip()
    if panel.usable:
        title += f" {panel.tahun_awal}–{panel.tahun_akhir}"
    freeze = {SHEET_INDIKATOR: 3, SHEET_PER_OPD: 2, SHEET_PER_MISI: 1, SHEET_PENDUKUNG: 3}

    def writer(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": title, "created": FIXED_CREATED, "author": "lelang-xlsx"})
        st = Styles(wb)
        bulk: list = []
        registry = [_bulk_formats(st, frames[name]) for name in BULK_SHEETS if name in frames]
        blocks = RowBlocks(store, opd_keys, repr(registry)) if store is not None and opd_keys else None
        for name, df in frames.items():
            _write_frame(wb, st, name, df, f"{title} — {name}", freeze.get(name, 1), bulk, blocks)
        _write_charts(wb, frames)
        wb.close()
        patch(tmp, bulk)

    atomic.write_with(path, writer)
