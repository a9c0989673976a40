"""``--paparan``: per OPD a deck of its quarterly monitoring (``hasil/paparan/<KODE>_<nama>.pptx``):
a title slide with the lights counted, the indicators' status table, and per indicator the
planned and realised quarterly path as a native line chart. Built with the deck machinery
of :mod:`lelang_xlsx.paparan` (slides, fitted text, tables, chart data, saving)."""

from __future__ import annotations

from pathlib import Path

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from ..cache import Cache, digest
from ..documents.pact_context import clean_text
from ..output.textfmt import number
from ..paparan import charts, draw
from ..paparan.deck import CONTENT_W, MARGIN, blank, frame_slide, heading, new_presentation
from ..paparan.draw import GREY, NAVY, ORANGE, TEAL, WHITE, Column, Field
from ..paparan.layout import Box, shorten
from ..paparan.stage import deck_filename, save
from ..pipeline import _remove_stale
from . import contract as P
from .results import IndicatorStatus, OpdStatus

LIGHT_RGB = {P.HIJAU: (0x37, 0x86, 0x3C), P.KUNING: (0xBF, 0x8F, 0x00), P.MERAH: (0xC0, 0x00, 0x00),
             P.ABU: (0x80, 0x80, 0x80)}
COLUMNS = [Column("Kode", 1.4), Column("Indikator", 3.7), Column("Sifat Data", 1.4), Column("Target", 1.3, PP_ALIGN.RIGHT),
           Column("Realisasi", 1.3, PP_ALIGN.RIGHT), Column("Capaian", 1.1, PP_ALIGN.RIGHT), Column("Lampu", 1.0),
           Column("Proyeksi", 1.23, PP_ALIGN.RIGHT)]  # 12.43 in: the content width


def _rgb(light: str):
    from pptx.dml.color import RGBColor

    return RGBColor(*LIGHT_RGB[light])


def build_deck(res: OpdStatus, year: int, q: int, pemda: str):
    prs = new_presentation()
    footer = f"{pemda} · Pemantauan Kinerja {P.tw(q)} {year} · {clean_text(res.nama)}"
    slide = blank(prs)
    draw.band(slide, Box.inches(0, 0, 13.333, 2.1), NAVY)
    draw.text(slide, Box.inches(0.7, 0.35, 11.9, 0.5), pemda, 20, 12, color=WHITE, max_lines=1)
    draw.text(slide, Box.inches(0.7, 0.9, 11.9, 0.95), f"Pemantauan Kinerja {P.tw(q)} {year}", 40, 24, bold=True,
              color=WHITE, max_lines=1)
    draw.text(slide, Box.inches(0.7, 2.5, 11.9, 1.9), res.nama, 36, 18, bold=True, max_lines=3)
    counts = " · ".join(f"{res.lampu.get(light, 0)} {light}" for light in P.LIGHTS)
    draw.text(slide, Box.inches(0.7, 4.6, 11.9, 0.5), f"{len(res.indicators)} indikator: {counts}", 20, 10, max_lines=1)
    shown = f"dilaporkan s.d. {P.tw(res.dilaporkan)}" if res.dilaporkan else res.status
    draw.text(slide, Box.inches(0.7, 5.15, 11.9, 0.5), f"Laporan {shown}; proyeksi capaian akhir tahun "
              f"{number(res.capaian_proyeksi, 2, empty='–')}% ({res.kategori or '–'})", 16, 10, color=GREY, max_lines=2)
    _overview(prs, res, q, footer)
    n = len(res.indicators)
    for k, ind in enumerate(res.indicators, start=1):
        _indicator(prs, ind, q, f"{ind.kode} · indikator {k} dari {n}", footer)
    return prs


def _overview(prs, res: OpdStatus, q: int, footer: str) -> None:
    rows = [[shorten(i.kode, 30), shorten(i.indikator, 150), i.sifat or "–", charts.value_label(i.targets[q - 1], i.satuan)
             if i.targets[q - 1] is not None else "–", charts.value_label(i.realisasi[q - 1], i.satuan)
             if i.realisasi[q - 1] is not None else "–", f"{number(i.capaian[q - 1], 2, empty='–')}%"
             if i.capaian[q - 1] is not None else "–", i.light(q), number(i.proyeksi, 2, empty="–")] for i in res.indicators]
    for k, page in enumerate(draw.paginate(rows or [["–"] * len(COLUMNS)], COLUMNS, 12, 5.6)):
        slide = blank(prs)
        frame_slide(slide, footer)
        top = heading(slide, f"Status indikator {P.tw(q)}" + (" (lanjutan)" if k else ""),
                      "Lampu: hijau ≥ 100% · kuning ≥ 76% · merah < 76% · abu-abu belum dilaporkan")
        draw.table(slide, MARGIN, top + 0.1, COLUMNS, page, 12)


def _indicator(prs, ind: IndicatorStatus, q: int, kicker: str, footer: str) -> None:
    slide = blank(prs)
    frame_slide(slide, footer)
    draw.text(slide, Box.inches(MARGIN, 0.22, CONTENT_W, 0.32), kicker, 12, 9, color=GREY, max_lines=1)
    draw.text(slide, Box.inches(MARGIN, 0.56, CONTENT_W, 1.05), ind.indikator, 26, 14, bold=True, max_lines=3)
    light = ind.light(q)
    items = [Field("Satuan:", ind.satuan), Field("Polaritas:", ind.polaritas), Field("Sifat Data:", ind.sifat or "–"),
             Field("Target tahunan:", number(ind.target, empty="–")),
             Field(f"Capaian {P.tw(q)}:", f"{number(ind.capaian[q - 1], 2)}% ({light})"
                   if ind.capaian[q - 1] is not None else f"belum dilaporkan ({light})"),
             Field("Proyeksi akhir tahun:", f"{number(ind.proyeksi, 2, empty='–')} → {number(ind.capaian_proyeksi, 2, empty='–')}% "
                   f"({ind.kategori or '–'})"),
             Field("Penjelasan OPD:", ind.penjelasan or "–"), Field("Rencana Aksi:", ind.rencana or "–")]
    draw.band(slide, Box.inches(MARGIN, 1.7, 0.12, 5.3), _rgb(light))
    draw.fields(slide, Box.inches(MARGIN + 0.25, 1.7, 4.6, 5.3), items, 13, 8)
    draw.text(slide, Box.inches(5.6, 1.7, 7.2, 0.32), "Jalur triwulan: rencana dan realisasi"
              + (" (kumulatif)" if ind.sifat == P.KUMULATIF else ""), 13, 9, bold=True, max_lines=1)
    _path_chart(slide, Box.inches(5.6, 2.05, 7.2, 5.0), ind)


def _path_chart(slide, box: Box, ind: IndicatorStatus):
    """Rencana (four planned quarters) and Realisasi (the quarters reported) on one line chart."""
    cats = [P.tw(k) for k in P.QUARTERS]
    series = [("Rencana (target triwulan)", ind.targets, TEAL, XL_LABEL_POSITION.ABOVE),
              ("Realisasi", ind.realisasi, ORANGE, XL_LABEL_POSITION.BELOW)]
    data = charts.ChartData(number_format="General")
    data.categories = cats
    for name, values, *_ in series:
        data.add_series(name, [v if charts._finite(v) else None for v in values])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *box.args, data)
    chart = frame.chart
    charts._common(chart, legend=True)
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    chart.value_axis.major_tick_mark = XL_TICK_MARK.NONE
    chart.value_axis.has_major_gridlines = True
    values = [v for _, vs, *_ in series for v in vs if charts._finite(v)]
    if values:
        charts._room_for_labels(chart.value_axis, values, 0.15)
    for plot in chart.plots:
        for (name, vs, color, pos), ps in zip(series, plot.series):
            ps.smooth = False
            ps.format.line.color.rgb = color
            ps.format.line.width = Pt(2.5)
            ps.marker.style = XL_MARKER_STYLE.CIRCLE
            ps.marker.size = 8
            ps.marker.format.fill.solid()
            ps.marker.format.fill.fore_color.rgb = color
            ps.marker.format.line.color.rgb = color
            for j, v in enumerate(vs):
                if charts._finite(v):
                    charts._point_label(ps.points[j], charts.value_label(v, ind.satuan), pos, color)
    charts._dispBlanksAs_gap(chart)
    return frame


def write_decks(rnd: P.Round, results: list[OpdStatus], year: int, q: int, pemda: str, cache: Cache,
                progress) -> dict[str, Path]:
    """One deck per OPD that reported (cached by what it shows); stale decks removed."""
    out: dict[str, Path] = {}
    todo = [r for r in results if r.status == "dilaporkan"]
    for k, res in enumerate(todo):
        progress("paparan", k, len(todo))
        path = rnd.paparan / deck_filename(res.kode, res.nama)
        key = digest("pantau-deck", year, q, pemda, vars(res) | {"indicators": [vars(i) for i in res.indicators]})
        if not cache.output_fresh(path, key):
            save(build_deck(res, year, q, pemda), path, f"Pemantauan Kinerja {clean_text(res.nama)}", pemda)
            cache.record_output(path, key)
        out[res.kode] = path
    progress("paparan", len(todo), len(todo))
    _remove_stale(rnd.paparan, set(out.values()))
    return out
