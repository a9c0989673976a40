"""The recap's ``Grafik`` sheet: charts over the ``Per OPD`` and ``Per Misi`` sheets.

* Per OPD: the share of the OPD's indicators whose end target is better than the
  baseline (in the indicator's direction) — not an average of percentages of unrelated
  indicators, which one large value dominates. The title says what is shown.
* Per OPD, after the offer round: the decisions as counts of indicators, stacked
  (``Sanggup``, ``Tidak Sanggup``, ``Belum diputuskan``, ``Tanpa tawaran``), every OPD
  of the list included, whole-number axis.
* Per mission: indicators per mission, labelled by the mission's (shortened) text.

One chart per printed page (:class:`lelang_xlsx.output.xlsxchart.ChartPages`).
"""

from __future__ import annotations

from ..output.xlsxchart import ChartPages, count_axis
from ..output.xlsxstyle import DECISION_CHART_COLORS, is_blank
from .build import (H_BELUM, H_JUMLAH_INDIKATOR, H_MEMBAIK_PERSEN, H_MISI_RINGKAS, H_NAMA, H_SANGGUP, H_TANPA,
                    H_TIDAK_SANGGUP, SHEET_GRAFIK, SHEET_PER_MISI, SHEET_PER_OPD, Recap, Table)

TITLE_MEMBAIK = "Persentase indikator yang target akhirnya lebih baik dari nilai dasar, per OPD"
TITLE_KEPUTUSAN = "Keputusan atas tawaran per OPD (jumlah indikator)"
TITLE_MISI = "Jumlah indikator per misi"
BLUE = "#2E75B6"
# the first category (OPD, mission) on top, the value axis still at the bottom
CATEGORIES_TOP_DOWN = {"reverse": True, "crossing": "max"}


def _max(table: Table, column: str) -> float:
    values = [v for v in table.column(column) if not is_blank(v)]
    return max(values) if values else 0


def _category_height(n: int, extra: int = 120) -> int:
    return max(320, 38 * n + extra)


def write_charts(wb, recap: Recap) -> None:
    ws = wb.add_worksheet(SHEET_GRAFIK)
    pages = ChartPages(ws)
    per_opd = recap.per_opd
    per_misi = recap.per_misi
    if per_opd is not None and len(per_opd):
        n = len(per_opd)
        cols = list(per_opd.columns)
        names = [SHEET_PER_OPD, 1, cols.index(H_NAMA), n, cols.index(H_NAMA)]
        k = cols.index(H_MEMBAIK_PERSEN)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": [SHEET_PER_OPD, 0, k],
            "categories": names,
            "values": [SHEET_PER_OPD, 1, k, n, k],
            "fill": {"color": BLUE},
            "data_labels": {"value": True, "num_format": "0"},
        })
        chart.set_title({"name": TITLE_MEMBAIK, "name_font": {"size": 13}})
        chart.set_y_axis(CATEGORIES_TOP_DOWN)
        chart.set_x_axis({"min": 0, "max": 100, "major_unit": 20, "num_format": "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"none": True})
        pages.add(chart, _category_height(n))
        if H_SANGGUP in cols:
            chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
            for header in (H_SANGGUP, H_TIDAK_SANGGUP, H_BELUM, H_TANPA):
                k = cols.index(header)
                chart.add_series({
                    "name": [SHEET_PER_OPD, 0, k],
                    "categories": names,
                    "values": [SHEET_PER_OPD, 1, k, n, k],
                    "fill": {"color": DECISION_CHART_COLORS[header]},
                    "gap": 60,
                })
            chart.set_title({"name": TITLE_KEPUTUSAN, "name_font": {"size": 13}})
            chart.set_y_axis(CATEGORIES_TOP_DOWN)
            chart.set_x_axis(count_axis(_max(per_opd, H_JUMLAH_INDIKATOR)))
            chart.set_legend({"position": "bottom"})
            pages.add(chart, _category_height(n, 150))
    if per_misi is not None and len(per_misi):
        n = len(per_misi)
        cols = list(per_misi.columns)
        k = cols.index(H_JUMLAH_INDIKATOR)
        label = cols.index(H_MISI_RINGKAS)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": [SHEET_PER_MISI, 0, k],
            "categories": [SHEET_PER_MISI, 1, label, n, label],
            "values": [SHEET_PER_MISI, 1, k, n, k],
            "fill": {"color": BLUE},
            "data_labels": {"value": True, "num_format": "0"},
        })
        chart.set_title({"name": TITLE_MISI, "name_font": {"size": 13}})
        chart.set_y_axis(CATEGORIES_TOP_DOWN)
        chart.set_x_axis(count_axis(_max(per_misi, H_JUMLAH_INDIKATOR)))
        chart.set_legend({"none": True})
        pages.add(chart, _category_height(n, 140))
    pages.finish()
