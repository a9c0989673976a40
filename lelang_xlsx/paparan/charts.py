"""Native, editable charts with their data embedded (python-pptx chart data).

Numbers on the charts are point labels in Indonesian form (``1.234,5``) written as
text, so they read the same in every locale; the value axes carry no tick labels (their
format would follow the viewer's locale). The embedded workbook holds every text as a
string: a category called ``=SUM(A1)`` is not a formula there.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import (XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                            XL_TICK_LABEL_POSITION, XL_TICK_MARK)
from pptx.util import Pt
from xlsxwriter import Workbook

from ..output import textfmt
from ..model import Figure, Indicator, Resolution
from ..documents.pact_context import clean_text
from .draw import FONT, GREEN, GREY, NAVY, ORANGE, TEAL
from .layout import Box, shorten, text_width_pt

FIXED_CREATED = dt.datetime(2000, 1, 1)
SERIES_COLORS = (TEAL, ORANGE, NAVY, GREEN, GREY)
MAX_CATEGORIES = 15
MAX_SERIES = 5
LABEL_CHARS = 26  # a category label on the bar chart
SERIES_CHARS = 48


class _LiteralWriter(CategoryWorkbookWriter):
    """Embedded workbook with strings kept as strings and a fixed creation date."""

    def _open_worksheet(self, xlsx_file):
        from contextlib import contextmanager

        @contextmanager
        def opened():
            workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
            workbook.set_properties({"created": FIXED_CREATED})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

        return opened()


class ChartData(CategoryChartData):
    @property
    def _workbook_writer(self):
        writer = self.__dict__.get("_writer")
        if writer is None:
            writer = self.__dict__["_writer"] = _LiteralWriter(self)
        return writer


def _finite(value) -> bool:
    """A number a chart can hold (not None, NaN or infinite)."""
    return isinstance(value, (int, float)) and math.isfinite(value)


def value_label(value: float, satuan: str) -> str:
    text = textfmt.number(value)
    return f"{text}%" if satuan.strip() == "%" else text


# --------------------------------------------------------------------------- line chart

@dataclass
class LineSeries:
    name: str
    values: dict[int, float]  # year -> value
    position: XL_LABEL_POSITION = XL_LABEL_POSITION.ABOVE  # of a label alone at its year
    color: object = TEAL
    marker: XL_MARKER_STYLE = XL_MARKER_STYLE.CIRCLE
    marker_size: int = 7


def line_series(ind: Indicator, res: Resolution | None) -> list[LineSeries]:
    """Usulan OPD (titik nol -> yearly targets), then the offer and the agreed path
    when the panel has typed them."""
    usulan: dict[int, float] = {}
    if ind.tahun_dasar is not None and _finite(ind.nilai_dasar):
        usulan[ind.tahun_dasar] = ind.nilai_dasar
    usulan.update({y: v for y, v in ind.targets.items() if _finite(v)})
    out = [LineSeries("Titik nol dan target usulan OPD", usulan)]
    agreed = {y: v for y, v in (res.tahunan if res is not None else {}).items() if _finite(v)}
    if agreed and any(usulan.get(y) != v for y, v in agreed.items()):  # the proposal kept: drawn once
        out.append(LineSeries("Target disepakati", agreed, position=XL_LABEL_POSITION.BELOW, color=NAVY))
    if res is not None and _finite(res.tawaran_nilai) and res.tawaran_tahun is not None:
        out.append(LineSeries("Tawaran Tim Penilai", {res.tawaran_tahun: res.tawaran_nilai},
                              position=XL_LABEL_POSITION.RIGHT, color=ORANGE, marker=XL_MARKER_STYLE.DIAMOND,
                              marker_size=11))  # last: its marker on top
    return out


def line_chart(slide, box: Box, ind: Indicator, res: Resolution | None):
    series = line_series(ind, res)
    years = sorted({y for s in series for y in s.values})
    data = ChartData(number_format="General")
    data.categories = [str(y) for y in years]
    for s in series:
        data.add_series(clean_text(s.name), [s.values.get(y) for y in years])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *box.args, data)
    chart = frame.chart
    _common(chart, legend=True)
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # years at the bottom, also below zero
    chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    chart.value_axis.major_tick_mark = XL_TICK_MARK.NONE
    chart.value_axis.format.line.fill.background()
    chart.value_axis.has_major_gridlines = True
    _room_for_labels(chart.value_axis, [v for ser in series for v in ser.values.values()], 0.15)
    chart.value_axis.major_gridlines.format.line.color.rgb = _light()
    placed = _label_positions(series, years)
    for plot in chart.plots:
        for i, (s, ps) in enumerate(zip(series, plot.series)):
            color = s.color
            ps.smooth = False
            ps.format.line.color.rgb = color
            ps.format.line.width = Pt(2.5 if i == 0 else 2)
            ps.marker.style = s.marker
            ps.marker.size = s.marker_size
            ps.marker.format.fill.solid()
            ps.marker.format.fill.fore_color.rgb = color
            ps.marker.format.line.color.rgb = color
            for j, y in enumerate(years):
                v = s.values.get(y)
                if (i, y) in placed:
                    _point_label(ps.points[j], value_label(v, ind.satuan), placed[(i, y)], color)
    _dispBlanksAs_gap(chart)
    return frame


def _label_positions(series: list[LineSeries], years: list[int]) -> dict[tuple[int, int], XL_LABEL_POSITION]:
    """Per year, one label per distinct value: the highest above its point, the lowest
    below, one in between to the right; equal values are labelled once."""
    out: dict[tuple[int, int], XL_LABEL_POSITION] = {}
    for y in years:
        points: list[tuple[float, int]] = []
        for i, s in enumerate(series):
            v = s.values.get(y)
            if v is not None and all(v != w for w, _ in points):
                points.append((v, i))
        points.sort(reverse=True)
        for k, (v, i) in enumerate(points):
            if len(points) == 1:
                pos = series[i].position
            else:
                pos = (XL_LABEL_POSITION.ABOVE if k == 0 else XL_LABEL_POSITION.BELOW if k == len(points) - 1
                       else XL_LABEL_POSITION.RIGHT)
            out[(i, y)] = pos
    return out


# --------------------------------------------------------------------------- bar chart

TOTAL_WORDS = {"total", "jumlah", "jumlah total", "seluruhnya", "semua", "keseluruhan"}


@dataclass
class BarGrid:
    """Supporting figures as categories (Rincian, or Uraian when Rincian is empty) ×
    series (Uraian with its unit). When some figures break an Uraian down (by kecamatan,
    by segment ...), the chart shows the breakdowns and the totals and figures without a
    Rincian are listed as text (``totals``): one total bar would dwarf the rest."""

    categories: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    values: dict[tuple[int, int], float] = field(default_factory=dict)  # (series, category) -> value
    units: list[str] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)  # 'Kematian ibu: 8 orang'
    prefix: str = ""  # a first word every category shared ('Kecamatan'), taken off the labels
    left_out: int = 0  # figures not drawn (beyond the chart's limits)

    @property
    def single(self) -> bool:
        """Every category holds one value: one series is enough."""
        return len(self.series) == 1 or all(
            sum((s, c) in self.values for s in range(len(self.series))) <= 1 for c in range(len(self.categories)))


def _clean(value: object) -> str:
    return " ".join(clean_text(value).split())


def _is_total(rincian: str) -> bool:
    return rincian.casefold() in TOTAL_WORDS


def bar_grid(figures: list[Figure]) -> BarGrid:
    grid = BarGrid()
    figures = [f for f in figures if _finite(f.nilai)]
    breakdown = any(_clean(f.rincian) and not _is_total(_clean(f.rincian)) for f in figures)
    broken_down = {_clean(f.uraian) or "Data" for f in figures if _clean(f.rincian) and not _is_total(_clean(f.rincian))}
    cat_index: dict[str, int] = {}
    ser_index: dict[tuple[str, str], int] = {}
    for f in figures:
        uraian = _clean(f.uraian) or "Data"
        satuan = _clean(f.satuan)
        rincian = _clean(f.rincian)
        if breakdown and (not rincian or _is_total(rincian)):
            what = f"{uraian} ({rincian.lower()})" if uraian in broken_down and rincian else uraian
            grid.totals.append(f"{what}: {value_label(f.nilai, satuan)}{' ' + satuan if satuan and satuan != '%' else ''}")
            continue
        label = rincian if rincian and not _is_total(rincian) else (
            f"{uraian} ({satuan})" if satuan and satuan != "%" else uraian)
        skey = (uraian, satuan) if breakdown else ("", "")
        if skey not in ser_index and len(ser_index) >= MAX_SERIES:
            grid.left_out += 1
            continue
        s = ser_index.get(skey, len(ser_index))
        # the same Uraian and Rincian twice (another year): keep both, apart
        base, n = label, 1
        while label in cat_index and (s, cat_index[label]) in grid.values:
            n += 1
            label = f"{base} ({f.tahun})" if n == 2 and f.tahun else f"{base} [{n}]"
        if label not in cat_index and len(cat_index) >= MAX_CATEGORIES:
            grid.left_out += 1
            continue
        if skey not in ser_index:
            ser_index[skey] = s
            grid.series.append((f"{uraian} ({satuan})" if satuan else uraian) if breakdown else "Nilai")
            grid.units.append(satuan)
        c = cat_index.setdefault(label, len(cat_index))
        if c == len(grid.categories):
            grid.categories.append(label)
        grid.values[(s, c)] = f.nilai
    if not breakdown and len(set(grid.units)) > 1:
        grid.units = [""]
    _strip_prefix(grid)
    return grid


def _strip_prefix(grid: BarGrid) -> None:
    """'Kecamatan Blimbing', 'Kecamatan Klojen' -> 'Blimbing', 'Klojen' under a
    heading 'per kecamatan'."""
    if len(grid.categories) < 2:
        return
    firsts = {c.split(" ", 1)[0] for c in grid.categories}
    if len(firsts) == 1 and all(" " in c for c in grid.categories):
        grid.prefix = firsts.pop()
        grid.categories = [c.split(" ", 1)[1] for c in grid.categories]


SPLIT_RATIO = 10  # series whose largest values differ more than this get a chart each
MAX_SPLIT = 3


def split(grid: BarGrid) -> list[BarGrid]:
    """Series of very different sizes (87 deaths beside 13.490 births) would leave the
    small one without visible bars: up to three series are then drawn as separate
    charts, each on its own scale."""
    if grid.single or len(grid.series) > MAX_SPLIT:
        return [grid]
    peaks = [max((abs(v) for (s, _), v in grid.values.items() if s == k), default=0.0) for k in range(len(grid.series))]
    if min(peaks) > 0 and max(peaks) / min(peaks) <= SPLIT_RATIO:
        return [grid]
    out = []
    for k, name in enumerate(grid.series):
        cats = [c for c in range(len(grid.categories)) if (k, c) in grid.values]
        out.append(BarGrid(categories=[grid.categories[c] for c in cats], series=[name],
                           values={(0, i): grid.values[(k, c)] for i, c in enumerate(cats)},
                           units=[grid.units[k]], prefix=grid.prefix))
    return out


def min_height_in(grid: BarGrid) -> float:
    """The height a chart of this grid needs so the renderer shows every category label."""
    rows = len(grid.categories) * (1 if grid.single else max(1, len(grid.series)) * 0.6)
    return 0.5 + rows * _category_font(len(grid.categories)) * 1.7 / 72


def bar_chart(slide, box: Box, grid: BarGrid):
    data = ChartData(number_format="General")
    labels = [shorten(c, LABEL_CHARS) for c in grid.categories]
    data.categories = labels
    if grid.single:
        name = grid.series[0] if len(grid.series) == 1 else "Nilai"
        values = [next((grid.values[(s, c)] for s in range(len(grid.series)) if (s, c) in grid.values), None)
                  for c in range(len(grid.categories))]
        data.add_series(shorten(name, SERIES_CHARS), values)
        drawn = [values]
    else:
        drawn = []
        for s, name in enumerate(grid.series):
            values = [grid.values.get((s, c)) for c in range(len(grid.categories))]
            data.add_series(shorten(name, SERIES_CHARS), values)
            drawn.append(values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box.args, data)
    chart = frame.chart
    _common(chart, legend=not grid.single)
    if grid.single and len(grid.series) == 1 and grid.series[0] != "Nilai":  # what the bars count
        chart.has_title = True
        tf = chart.chart_title.text_frame
        tf.text = shorten(grid.series[0], SERIES_CHARS + 12)
        for r in tf.paragraphs[0].runs:
            r.font.size = Pt(10)
            r.font.bold = True
            r.font.name = FONT
            r.font.color.rgb = NAVY
    chart.category_axis.reverse_order = True  # the first Rincian at the top
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # clear of negative bars
    chart.category_axis.tick_labels.font.size = Pt(_category_font(len(grid.categories)))
    chart.value_axis.visible = False  # the bars carry their values
    chart.value_axis.has_major_gridlines = False
    bars = len(grid.categories) * len(drawn)
    label_pt = 10 if bars <= 8 else 9 if bars <= 16 else 8
    units = [grid.units[i] if not grid.single and i < len(grid.units) else (grid.units[0] if len(set(grid.units)) == 1 else "")
             for i in range(len(drawn))]
    cat_pt = _category_font(len(grid.categories))
    cat_w = max((text_width_pt(c, cat_pt) for c in labels), default=0) / 72 + 0.2
    label_w = max((text_width_pt(value_label(v, u), label_pt) for vs, u in zip(drawn, units) for v in vs if v is not None),
                  default=0) / 72 + 0.12
    plot_w = max(0.5, box.w / 914400 - cat_w - 0.3)
    _bar_scale(chart.value_axis, [v for vs in drawn for v in vs if v is not None], min(0.45, label_w / plot_w))
    plot = chart.plots[0]
    plot.gap_width = 40 if grid.single else 60
    plot.overlap = 0
    for i, (ps, values) in enumerate(zip(plot.series, drawn)):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        ps.format.fill.solid()
        ps.format.fill.fore_color.rgb = color
        ps.invert_if_negative = False
        for j, v in enumerate(values):
            if v is not None:
                _point_label(ps.points[j], value_label(v, units[i]), XL_LABEL_POSITION.OUTSIDE_END, NAVY, label_pt)
    return frame


def _category_font(n: int) -> float:
    return 12 if n <= 6 else 10 if n <= 10 else 9


# --------------------------------------------------------------------------- shared

def _light():
    from pptx.dml.color import RGBColor

    return RGBColor(0xD9, 0xD9, 0xD9)


def _bar_scale(axis, values: list[float], room: float) -> None:
    """Bars start at zero; leave ``room`` (a fraction of the plot width) beyond the
    longest bar on each side that has bars, for its value label."""
    if not values:
        return
    lo, hi = min(min(values), 0.0), max(max(values), 0.0)
    sides = (lo < 0) + (hi > 0)
    span = (hi - lo) or 1.0
    total = span / max(0.1, 1 - room * sides)
    axis.minimum_scale = lo - room * total if lo < 0 else 0.0
    axis.maximum_scale = hi + room * total if hi > 0 else 0.0


def _room_for_labels(axis, values: list[float], pad: float) -> None:
    """Fix the value axis with ``pad`` × the range beyond the extremes, so the point
    labels above the highest and below the lowest point stay inside the plot."""
    if not values:
        return
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) or 1.0
    axis.minimum_scale = lo - pad * span
    axis.maximum_scale = hi + pad * span


def _positive_axis_ids(chart) -> None:
    """python-pptx's bar chart template numbers its axes with negative ids, which the
    schema (unsignedInt) does not allow; renumber them 1, 2, ... consistently."""
    space = chart._chartSpace
    nodes = space.xpath(".//c:axId | .//c:crossAx")
    ids: dict[str, str] = {}
    for node in nodes:
        old = node.get("val")
        node.set("val", ids.setdefault(old, str(100 + len(ids))))


def _common(chart, legend: bool) -> None:
    _positive_axis_ids(chart)
    chart.font.name = FONT
    chart.font.size = Pt(11)
    chart.font.color.rgb = NAVY
    chart.has_title = False
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(10)


def _point_label(point, text: str, position, color, size: float = 10) -> None:
    label = point.data_label
    tf = label.text_frame
    tf.text = text
    for p in tf.paragraphs:
        for r in p.runs:
            r.font.size = Pt(size)
            r.font.bold = True
            r.font.name = FONT
            r.font.color.rgb = color
    label.position = position


def _dispBlanksAs_gap(chart) -> None:
    """Years without a value in a series leave a gap (the offer is a single point)."""
    from pptx.oxml.ns import qn

    c_chart = chart._chartSpace.chart
    el = c_chart.find(qn("c:dispBlanksAs"))
    if el is None:
        from lxml import etree

        el = etree.SubElement(c_chart, qn("c:dispBlanksAs"))
        # schema order: ... plotVisOnly, dispBlanksAs, extLst
        pvo = c_chart.find(qn("c:plotVisOnly"))
        if pvo is not None:
            pvo.addnext(el)
    el.set("val", "gap")
