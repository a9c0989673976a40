"""``evaluasi.xlsx``: Per OPD (every OPD of the panel list: state, ranking by the panel's
Dasar Peringkat, incentive), Per Indikator (base points × weight = points, comparisons),
Per Misi, Tren (once earlier rounds exist), Cara Menghitung and Insentif (this auction's
own formulas and tables) and Grafik (native charts: ranking, Kategori Capaian, trend).
Projector- and print-ready like rekap.xlsx (shared XlsxWriter styles).

``Per Indikator`` has a row per indicator of every OPD (54,000 at 1,000 OPDs): its data
rows are rendered as raw sheet XML (:mod:`lelang_xlsx.output.xlsxbulk`, as the recap's
big sheets) with the same formats the cell-by-cell writer would give them. The sheets
the charts read (``Per OPD``, ``Tren``, ``Grafik``) stay XlsxWriter's, so the charts keep
their cached values."""

from __future__ import annotations

import json
from pathlib import Path

import xlsxwriter

from ..output.atomic import write_with
from ..cache import Cache, NoCache, digest
from ..output.xlsxbulk import BulkSheet, Column, Deflated, deflate, patch
from ..output.xlsxchart import ChartPages, count_axis
from ..output.xlsxstyle import FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, setup_table_sheet, wrapped_lines
from ..model import Panel
from ..vocab import SCALE_FILLS
from . import explain
from ..rounds.scoring import KATEGORI_ORDER, PointsTable
from .evaluate import OpdResult

PCT = "0.00"
PTS = "0.##"
PRED_BG = dict(zip(KATEGORI_ORDER, SCALE_FILLS))  # Sangat Tinggi (green) ... Sangat Rendah (red)


def write_workbook(path: Path, year: int, pemda: str, results: list[OpdResult], missions: list[dict],
                   trend: dict[int, dict[str, tuple]], panel: Panel | None = None,
                   points: PointsTable | None = None, cache: Cache | None = None) -> None:
    """``cache``: each OPD's rows of Per Indikator are kept there as compressed sheet XML
    (:class:`Rows`) and taken back while the OPD's values and the sheet's styles hold."""
    panel, points, cache = panel or Panel(path=""), points or PointsTable(), cache or NoCache()
    write_with(path, lambda tmp: _write(tmp, year, pemda, results, missions, trend, panel, points, cache))


def _table(ws, st: Styles, headers: list[tuple[str, float]], rows: list[list], title: str, wrap_cols=(),
           formats: dict[int, str] | None = None, pred_col: int | None = None, freeze_cols: int = 0,
           bulk: tuple[list[BulkSheet], list[list[list]], Cache] | None = None) -> None:
    """A table with its header in row 1; with ``bulk`` = (sheets, the rows in groups (one
    per OPD), cache), the data rows go in as raw XML, one compressed block per group (put
    in place by :func:`xlsxbulk.patch` after the workbook is closed)."""
    head = st.header()
    for c, (h, w) in enumerate(headers):
        ws.write_string(0, c, h, head)
        ws.set_column(c, c, w)
    formats = formats or {}
    if bulk is not None:
        sheets, groups, cache = bulk
        sheet = BulkSheet(ws, len(headers))
        sheet.add_stream(Rows(st, headers, wrap_cols, formats, pred_col).blocks(groups, cache), len(rows),
                         deflated=True)
        sheets.append(sheet)
    else:
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                extra = {}
                if pred_col is not None and c == pred_col and v in PRED_BG:
                    extra["bg_color"] = PRED_BG[v]
                st.put(ws, r, c, v, num_format=formats.get(c), wrap=c in wrap_cols, **extra)
            height = _row_height(row, headers, wrap_cols)
            if height:
                ws.set_row(r, height)
    setup_table_sheet(ws, len(rows), len(headers), title=title, freeze_cols=freeze_cols)


def _row_height(row: list, headers, wrap_cols, memo: dict | None = None) -> float | None:
    lines = 1
    for c in wrap_cols:
        v, width = row[c], headers[c][1]
        n = memo.get((v, width)) if memo is not None else None
        if n is None:
            n = wrapped_lines(v, width)
            if memo is not None:
                memo[(v, width)] = n
        lines = max(lines, n)
    return min(line_height(lines), 200) if lines > 1 else None


class Rows:
    """The data rows of a bulk table as sheet XML: each cell in the format :meth:`Styles.put`
    gives it. Every format a cell can take is registered here, before the workbook is
    closed. Names, units, predicates and texts repeat down the sheet: each distinct text
    (and non-zero float) of a column is rendered once."""

    def __init__(self, st: Styles, headers, wrap_cols, formats: dict[int, str], pred_col: int | None):
        def options(c: int, **extra) -> dict:
            return ({"num_format": formats[c]} if formats.get(c) else {}) | extra

        self.headers, self.wrap_cols, self.pred_col = headers, wrap_cols, pred_col
        columns = [Column(st, c in wrap_cols, options(c)) for c in range(len(headers))]
        for c, col in enumerate(columns):
            if not formats.get(c):  # numbers take 0 to 4 decimals: register those formats now
                for probe in (1.0, 1.5, 1.25, 1.125, 1.0625):
                    col.one(probe)
        self.renderers = [col.one for col in columns]
        self.by_predicate = {}
        if pred_col is not None:
            self.by_predicate = {p: Column(st, pred_col in wrap_cols, options(pred_col, bg_color=bg)).one(p)
                                 for p, bg in PRED_BG.items()}
        self.memos: list[dict] = [{} for _ in headers]  # (type, value) -> cell XML
        self.heights: dict = {}
        self._formats = st.wb.xf_format_indices
        # what a cached block depends on besides its values: the style index of every cell kind
        self.signature = digest("evaluasi-rows", headers, sorted(wrap_cols), sorted(formats.items()), pred_col,
                                [(c.text_s, c.blank_s, c.fixed_s, sorted(c.by_decimals.items())) for c in columns],
                                self.by_predicate)

    def xml(self, rows: list[list]) -> str:
        out: list[str] = []
        add = out.append
        renderers, memos, pred_col = self.renderers, self.memos, self.pred_col
        for row in rows:
            height = _row_height(row, self.headers, self.wrap_cols, self.heights)
            # XlsxWriter's set_row keeps whole pixels (4/3 per point): the same height here
            add(f'<row ht="{int(height * 4 / 3 + 0.5) * 0.75:g}" customHeight="1">' if height else "<row>")
            for c, v in enumerate(row):
                t = type(v)
                if t is str or v is None or (t is float and v):  # 0.0 and -0.0: one key, two texts
                    memo = memos[c]
                    x = memo.get((t, v))
                    if x is None:
                        x = memo[(t, v)] = renderers[c](v)
                else:
                    x = renderers[c](v)
                add(x)
            if pred_col is not None and row[pred_col] in self.by_predicate:
                out[len(out) - len(row) + pred_col] = self.by_predicate[row[pred_col]]
            add("</row>")
        return "".join(out)

    def blocks(self, groups: list[list[list]], cache: Cache) -> list[Deflated]:
        """One compressed block per group of rows, taken from ``cache`` when its values and
        :attr:`signature` are those it was rendered for. A block is kept only while no
        style was added since the signature was taken (it would not fit another workbook)."""
        styles = len(self._formats)
        out = []
        for rows in groups:
            key = digest("evaluasi-block", self.signature, json.dumps(rows, ensure_ascii=False, default=repr).encode())
            piece = cache.get_blob(key)
            if not (isinstance(piece, Deflated) and isinstance(piece.data, bytes)):
                piece = deflate(self.xml(rows).encode("utf-8"))
                if len(self._formats) == styles:
                    cache.put_blob(key, piece)
            out.append(piece)
        return out


def _state(r: OpdResult) -> str:
    return f"{r.status} ({r.keterangan})" if r.keterangan else r.status


def _counted(r: OpdResult) -> str:
    return "ya" if r.counted else f"tidak ({r.status})"


def _per_opd(wb, st: Styles, ordered: list[OpdResult], title: str, basis: str) -> None:
    ws = wb.add_worksheet("Per OPD")
    rows = [[r.peringkat, r.kode, r.nama, _state(r), r.capaian, r.kategori or None,
             r.penghargaan if r.counted else None, r.sanksi if r.counted else None, r.bersih if r.counted else None,
             len(r.indicators) or None, r.poin_per_indikator, r.nilai_peringkat, r.insentif,
             "ya" if r.head_changed else ""] for r in ordered]
    _table(ws, st, [("Peringkat", 10), ("Kode OPD", 12), ("Nama OPD", 36), ("Status", 26), ("Capaian (%)", 11),
                    ("Kategori Capaian", 14), ("Poin Penghargaan", 13), ("Poin Sanksi", 11), ("Poin Bersih", 11),
                    ("Jumlah Indikator", 11), ("Poin per Indikator", 11), (f"Nilai Peringkat ({basis})", 14),
                    ("Insentif (%)", 10), ("Kepala OPD Berganti", 12)], rows, title, wrap_cols=(2, 3),
           formats={0: "0", 4: PCT, 6: PTS, 7: PTS, 8: PTS, 9: "0", 10: PCT, 11: PCT, 12: "0.##"}, pred_col=5,
           freeze_cols=3)


def _per_indicator(wb, st: Styles, results: list[OpdResult], title: str, year: int, bulk: list[BulkSheet],
                   cache: Cache) -> None:
    ws = wb.add_worksheet("Per Indikator")
    earlier = sorted({y for r in results for i in r.indicators for y in i.realisasi_lalu})
    groups = [[[r.kode, r.nama, i.kode, i.misi, i.indikator, i.satuan, i.polaritas, i.nilai_dasar]
               + [i.realisasi_lalu.get(y) for y in earlier]
               + [i.target, i.toleransi, i.realisasi, i.capaian, i.kategori or None, i.keputusan,
                  i.poin_dasar, i.bobot, i.poin, _counted(r), i.target_akhir, i.progres, i.anggaran, i.penjelasan]
               for i in r.indicators] for r in results]
    rows = [row for group in groups for row in group]
    n = len(earlier)
    headers = [("Kode OPD", 11), ("Nama OPD", 26), ("Kode Indikator", 13), ("Misi", 6), ("Indikator Kinerja", 36),
               ("Satuan", 12), ("Polaritas", 9), ("Nilai Dasar", 10)] + [(f"Realisasi {y}", 11) for y in earlier] \
        + [(f"Target {year}", 11), ("Toleransi (±)", 9), (f"Realisasi {year}", 11), ("Capaian (%)", 11),
           ("Kategori Capaian", 14), ("Keputusan", 13), ("Poin Dasar", 8), ("Bobot", 7), ("Poin", 8),
           ("Dihitung", 12), ("Target Akhir", 10), ("Progres ke Target Akhir (%)", 12), (f"Anggaran PK {year} (Rp)", 16),
           ("Penjelasan", 44)]
    b = 8 + n  # column of Target {year}
    _table(ws, st, headers, rows, title, wrap_cols=(1, 4, b + 9, b + 13),
           formats={b + 3: PCT, b + 6: PTS, b + 7: PTS, b + 8: PTS, b + 11: PCT, b + 12: "#,##0"}, pred_col=b + 4,
           freeze_cols=3, bulk=(bulk, groups, cache))


def _explain_sheets(wb, st: Styles, panel: Panel, points: PointsTable, year: int, title: str) -> None:
    """Cara Menghitung (this auction's formulas, tables, basis) and Insentif (its table)."""
    ws = wb.add_worksheet("Cara Menghitung")
    rows = [list(r) for r in explain.sheet_rows(panel, points, year)]
    _table(ws, st, [("Langkah", 26), ("Cara menghitung (nilai dari panel.xlsx lelang ini)", 100)], rows, title,
           wrap_cols=(0, 1))
    ws = wb.add_worksheet("Insentif")
    rows = [[m, p] for m, p in panel.insentif] + [["di bawah baris terakhir", 0]]
    _table(ws, st, [("Poin per Indikator Minimal", 22), ("Persentase Insentif (%)", 20)], rows, title,
           formats={0: "0.##", 1: "0.##"})


def _write(tmp: Path, year: int, pemda: str, results: list[OpdResult], missions: list[dict], trend,
           panel: Panel, points: PointsTable, cache: Cache) -> None:
    wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Evaluasi Kinerja {year}", "company": pemda, "created": FIXED_CREATED})
    st = Styles(wb)
    bulk: list[BulkSheet] = []
    title = f"Evaluasi Kinerja {year} – {pemda}"
    ordered = sorted(results, key=lambda r: (r.peringkat is None, r.peringkat or 0, r.kode))
    _per_opd(wb, st, ordered, title, panel.dasar_peringkat)
    n_ranked = sum(r.peringkat is not None for r in ordered)
    _per_indicator(wb, st, results, title, year, bulk, cache)

    ws = wb.add_worksheet("Per Misi")
    rows = [[m["misi"], m["uraian"], m["jumlah"], m["capaian"], m["kategori"] or None] for m in missions]
    _table(ws, st, [("Misi", 8), ("Uraian", 70), ("Jumlah Indikator", 11), ("Capaian (%)", 12),
                    ("Kategori Capaian", 15)], rows, title, wrap_cols=(1,), formats={2: "0", 3: PCT}, pred_col=4)

    years = sorted(set(trend) | {year})
    if len(years) > 1:
        ws = wb.add_worksheet("Tren")
        trend = dict(trend)
        trend[year] = {r.kode: (r.capaian, r.bersih if r.evaluated else None) for r in results}
        rows = [[r.kode, r.nama] + [trend[y].get(r.kode, (None, None))[0] for y in years]
                + [trend[y].get(r.kode, (None, None))[1] for y in years] for r in results]
        headers = [("Kode OPD", 12), ("Nama OPD", 36)] + [(f"Capaian {y} (%)", 12) for y in years] \
            + [(f"Poin Bersih {y}", 12) for y in years]
        fm = {2 + i: PCT for i in range(len(years))} | {2 + len(years) + i: PTS for i in range(len(years))}
        _table(ws, st, headers, rows, title, wrap_cols=(1,), formats=fm, freeze_cols=2)
        _years_row(wb, st, years)
    _explain_sheets(wb, st, panel, points, year, title)
    _charts(wb, st, results, ordered, n_ranked, years, len(results), panel.dasar_peringkat)
    wb.get_worksheet_by_name("Per OPD").activate()
    wb.close()
    patch(tmp, bulk)


def _years_row(wb, st: Styles, years: list[int]) -> None:
    """The trend chart's categories: the years as numbers, right of the Tren table."""
    ws = wb.get_worksheet_by_name("Tren")
    c0 = 3 + 2 * len(years)
    st.put(ws, 0, c0, "Tahun")
    for k, y in enumerate(years, start=1):
        st.put(ws, k, c0, y, num_format="0")


def _charts(wb, st: Styles, results, ordered, n_ranked: int, years: list[int], n_opd: int, basis: str) -> None:
    """Sheet Grafik: one chart per printed page (shared ChartPages); the category counts
    the second chart plots sit to the right of the print area."""
    ws = wb.add_worksheet("Grafik")
    pages = ChartPages(ws)
    c0 = pages.columns + 1
    ws.write_string(0, c0, "Kategori Capaian", st.header())
    ws.write_string(0, c0 + 1, "Jumlah Indikator", st.header())
    counts = {p: 0 for p in KATEGORI_ORDER}
    for r in results:
        if r.evaluated:
            for i in r.indicators:
                if i.kategori in counts:
                    counts[i.kategori] += 1
    for k, p in enumerate(KATEGORI_ORDER, start=1):
        st.put(ws, k, c0, p)
        st.put(ws, k, c0 + 1, counts[p], num_format="0")
    ws.set_column(c0, c0 + 1, 18)
    n_valued = sum(1 for r in ordered if r.evaluated and r.nilai_peringkat is not None)
    if n_valued:
        bar = wb.add_chart({"type": "bar"})
        bar.add_series({"name": f"Nilai Peringkat ({basis})", "categories": ["Per OPD", 1, 2, n_valued, 2],
                        "values": ["Per OPD", 1, 11, n_valued, 11], "fill": {"color": "#1F4E79"},
                        "data_labels": {"value": True}})
        bar.set_title({"name": f"Peringkat OPD menurut {basis}"})
        bar.set_y_axis({"reverse": True})
        lowest = min(r.nilai_peringkat for r in ordered if r.evaluated and r.nilai_peringkat is not None)
        if lowest >= 0:
            bar.set_x_axis({"min": 0})  # the bars start at 0: a short bar is a small value
        bar.set_legend({"none": True})
        pages.add(bar, 90 + 30 * n_valued)
    col = wb.add_chart({"type": "column"})
    col.add_series({"name": "Jumlah Indikator", "categories": ["Grafik", 1, c0, len(KATEGORI_ORDER), c0],
                    "values": ["Grafik", 1, c0 + 1, len(KATEGORI_ORDER), c0 + 1],
                    "points": [{"fill": {"color": PRED_BG[p]}, "border": {"color": "#7F7F7F"}} for p in KATEGORI_ORDER],
                    "data_labels": {"value": True}})
    col.set_title({"name": "Indikator per Kategori Capaian"})
    col.set_legend({"none": True})
    col.set_y_axis(count_axis(max(counts.values(), default=0)))
    pages.add(col, 420)
    if len(years) > 1:
        line = wb.add_chart({"type": "line"})
        for r in range(1, n_opd + 1):
            line.add_series({"name": ["Tren", r, 0], "categories": ["Tren", 1, 3 + 2 * len(years), len(years),
                                                                    3 + 2 * len(years)],
                             "values": ["Tren", r, 2, r, 1 + len(years)], "marker": {"type": "circle"}})
        line.set_title({"name": "Tren capaian per OPD (%)"})
        pages.add(line, 460)
    pages.finish()
