"""One OPD's deck: title, overview per mission, one slide per indicator, sources."""

from __future__ import annotations

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu

from ..output import textfmt
from ..model import Panel, Resolution, Submission
from ..documents.pact_context import clean_text
from . import charts, draw
from .draw import GREY, NAVY, TEAL, WHITE, Column, Field
from .layout import SLIDE_H, SLIDE_W, Box, fit, shorten, text_width_pt, truncate

MARGIN = 0.45  # inches
GAP = 45720  # EMU between stacked charts
CONTENT_W = 13.333 - 2 * MARGIN
POLARITY = {"naik": "Naik (makin tinggi makin baik)", "turun": "Turun (makin rendah makin baik)",
            "tetap": "Tetap (dipertahankan)"}


def new_presentation():
    prs = Presentation()
    prs.slide_width = Emu(SLIDE_W)
    prs.slide_height = Emu(SLIDE_H)
    return prs


def blank(prs):
    return prs.slides.add_slide(prs.slide_layouts[6])  # "Blank"


def period(panel: Panel) -> str:
    if panel.tahun_awal and panel.tahun_akhir:
        return f"{panel.tahun_awal}–{panel.tahun_akhir}"
    return ""


def frame_slide(slide, footer: str) -> None:
    """The strip on top and the footer line every content slide carries."""
    draw.band(slide, Box.inches(0, 0, 13.333, 0.12), TEAL)
    draw.text(slide, Box.inches(MARGIN, 7.12, CONTENT_W, 0.3), footer, 9, 7, color=GREY, max_lines=1)


TITLE_BOX = Box.inches(MARGIN, 0.55, CONTENT_W, 0.62)
TITLE_PT = (26, 16)


def heading(slide, title: str, kicker: str = "", tail: str = "") -> float:
    """Kicker line and slide title; returns where the content may start (inches). A
    ``tail`` (the OPD code) is always shown: when the title is too long, the title is
    shortened, not the tail."""
    if kicker:
        draw.text(slide, Box.inches(MARGIN, 0.22, CONTENT_W, 0.32), kicker, 12, 9, color=GREY, max_lines=1)
    draw.text(slide, TITLE_BOX, keep_tail(clean_text(title), clean_text(tail)), *TITLE_PT, bold=True, max_lines=1)
    return 1.3


def keep_tail(title: str, tail: str) -> str:
    """``title + tail`` when it fits the title line at the smallest size, else the title
    shortened (ending in an ellipsis) so that the tail still fits."""
    full = title + tail
    if not tail or fit(full, TITLE_BOX, *TITLE_PT, max_lines=1).text == full:
        return full
    room = TITLE_BOX.inner_w_pt - text_width_pt(tail, TITLE_PT[1]) - TITLE_PT[1]  # an em to spare
    return truncate(title, room, TITLE_PT[1], 1) + tail


def title_slide(prs, panel: Panel, top: str, subtitle: str, lines: list[str], note: str = "") -> None:
    slide = blank(prs)
    draw.band(slide, Box.inches(0, 0, 13.333, 2.1), NAVY)
    draw.text(slide, Box.inches(0.7, 0.35, 11.9, 0.5), top, 20, 12, color=WHITE, max_lines=1)
    draw.text(slide, Box.inches(0.7, 0.9, 11.9, 0.95), f"Lelang Kinerja {period(panel)}".strip(), 40, 24,
              bold=True, color=WHITE, max_lines=1)
    draw.text(slide, Box.inches(0.7, 2.5, 11.9, 1.9), subtitle, 36, 18, bold=True, max_lines=3)
    y = 4.6
    for i, line in enumerate(lines):
        draw.text(slide, Box.inches(0.7, y, 11.9, 0.5), line, 20 if i == 0 else 16, 10,
                  bold=(i == 0), color=NAVY if i == 0 else GREY, max_lines=1)
        y += 0.55
    if note:
        draw.text(slide, Box.inches(0.7, 6.75, 11.9, 0.4), note, 11, 8, color=GREY, max_lines=1)


def opd_name(panel: Panel, sub: Submission) -> str:
    return clean_text(panel.opds.get(sub.kode_opd) or sub.identity.nama_opd or sub.kode_opd)


def build_opd_deck(panel: Panel, sub: Submission, resolutions: list[Resolution]):
    """The deck of one OPD as a python-pptx Presentation (not saved)."""
    prs = new_presentation()
    nama = opd_name(panel, sub)
    ident = sub.identity
    footer = f"{panel.nama_pemda} · Lelang Kinerja {period(panel)} · {nama}"
    head = [clean_text(ident.nama_kepala)]
    if ident.nip_kepala:
        head.append(f"NIP {textfmt.nip_spaced(ident.nip_kepala)}")
    if ident.jabatan:
        head.append(clean_text(ident.jabatan))
    source = f"Disusun dari formulir masuk/{clean_text(sub.path)} yang telah diperiksa tanpa galat"
    if sub.sha256:
        source += f" (SHA-256 {sub.sha256[:12]}…)"
    title_slide(prs, panel, panel.nama_pemda, nama, head, source)
    overview_slides(prs, panel, sub, footer)
    by_kode = {r.indicator.kode: r for r in resolutions}
    n = len(sub.indicators)
    for i, ind in enumerate(sub.indicators, start=1):
        indicator_slide(prs, panel, sub, ind, by_kode.get(ind.kode), f"{ind.kode} · indikator {i} dari {n}", footer)
    sources_slides(prs, sub, footer)
    return prs


# --------------------------------------------------------------------------- overview

OVERVIEW_COLUMNS = [
    Column("Misi", 3.0),
    Column("Kode", 1.35),
    Column("Indikator", 3.87),
    Column("Satuan", 1.2),
    Column("Titik nol", 1.5, PP_ALIGN.RIGHT),
    Column("Titik akhir", 1.5, PP_ALIGN.RIGHT),
]


def value_year(value, year, satuan: str = "") -> str:
    if value is None:
        return "–"
    text = charts.value_label(value, satuan)
    return f"{text} ({year})" if year else text


def overview_slides(prs, panel: Panel, sub: Submission, footer: str) -> None:
    """Indicators grouped per mission: how many, which, from where to where."""
    by_misi: dict[str, list] = {}
    for ind in sub.indicators:
        by_misi.setdefault(ind.misi, []).append(ind)
    order = [m for m in panel.missions if m in by_misi] + [m for m in by_misi if m not in panel.missions]
    rows = []
    for m in order:
        uraian = panel.missions.get(m, "")
        inds = by_misi[m]
        for k, ind in enumerate(inds):
            misi = shorten(f"{m or '(tanpa misi)'} · {len(inds)} indikator\n{uraian}".strip(), 160) if k == 0 else ""
            rows.append([misi, shorten(ind.kode, 30), shorten(ind.indikator, 150), shorten(ind.satuan, 40),
                         value_year(ind.nilai_dasar, ind.tahun_dasar, ind.satuan),
                         value_year(ind.target_akhir, ind.tahun_akhir, ind.satuan)])
    size = 12 if len(rows) <= 8 else 11
    kicker = (f"{len(sub.indicators)} indikator · melayani {len(order)} dari {len(panel.missions)} misi"
              if panel.missions else f"{len(sub.indicators)} indikator")
    pages = draw.paginate(rows or [["–"] * len(OVERVIEW_COLUMNS)], OVERVIEW_COLUMNS, size, 5.6)
    for k, page in enumerate(pages):
        if page and not page[0][0]:  # a mission continued from the previous slide
            page[0] = page[0][:]
            prev = next(r[0] for p in reversed(pages[:k]) for r in reversed(p) if r[0])
            page[0][0] = prev.split("\n", 1)[0] + " (lanjutan)"
        slide = blank(prs)
        frame_slide(slide, footer)
        title = "Ringkasan indikator per misi" + (" (lanjutan)" if k else "")
        top = heading(slide, title, kicker)
        draw.table(slide, MARGIN, top + 0.1, OVERVIEW_COLUMNS, page, size)


# --------------------------------------------------------------------------- indicator

def indicator_slide(prs, panel: Panel, sub: Submission, ind, res: Resolution | None, kicker: str, footer: str) -> None:
    slide = blank(prs)
    frame_slide(slide, footer)
    draw.text(slide, Box.inches(MARGIN, 0.22, CONTENT_W, 0.32), kicker, 12, 9, color=GREY, max_lines=1)
    draw.text(slide, Box.inches(MARGIN, 0.56, CONTENT_W, 1.05), ind.indikator, 26, 14, bold=True, max_lines=3)
    misi = panel.missions.get(ind.misi, "")
    items = [
        Field("Misi:", f"{ind.misi} — {misi}" if misi else ind.misi),
        Field("Sasaran strategis:", ind.sasaran),
        Field("Satuan:", ind.satuan),
        Field("Polaritas:", POLARITY.get(ind.polaritas.strip().casefold(), ind.polaritas)),
        Field("Cara menghitung:", ind.cara),
    ]
    if ind.program:
        items.insert(2, Field("Program:", ind.program))
    draw.fields(slide, Box.inches(MARGIN, 1.7, 3.75, 3.3), items, 13, 8)
    big_figure(slide, Box.inches(MARGIN, 5.15, 1.83, 1.9), "Titik nol", ind.tahun_dasar, ind.nilai_dasar, ind.satuan)
    big_figure(slide, Box.inches(MARGIN + 1.92, 5.15, 1.83, 1.9), "Titik akhir", ind.tahun_akhir, ind.target_akhir,
               ind.satuan, TEAL, agreed_note(ind, res))
    # line chart: baseline year -> yearly targets (+ offer, agreed path)
    draw.text(slide, Box.inches(4.4, 1.7, 3.95, 0.32), "Titik nol dan target per tahun", 13, 9, bold=True, max_lines=1)
    charts.line_chart(slide, Box.inches(4.4, 2.05, 3.95, 5.0), ind, res)
    supporting_figures(slide, Box.inches(8.5, 1.7, 4.38, 5.4), [f for f in sub.figures if f.kode == ind.kode])


def supporting_figures(slide, box: Box, figures) -> None:
    """Heading, bar chart, totals listed as text, and the sources, top to bottom in ``box``."""
    x, y, w, h = (v / 914400 for v in (box.x, box.y, box.w, box.h))
    grid = charts.bar_grid(figures)
    title = f"Data pendukung per {grid.prefix.lower()}" if grid.prefix else "Data pendukung menurut rincian"
    draw.text(slide, Box.inches(x, y, w, 0.32), title, 13, 9, bold=True, max_lines=1)
    sources = _unique(f.sumber for f in figures)
    note = "Sumber: " + ("; ".join(sources) if sources else "–")
    if grid.left_out:
        note += f" · {grid.left_out} angka lain tidak digambar (lihat formulir)"
    note_h = 0.55
    bottom = y + h - note_h
    draw.text(slide, Box.inches(x, bottom, w, note_h), note, 10, 7, color=GREY, max_lines=3)
    if grid.totals:
        totals = "Total dan angka tanpa rincian: " + "; ".join(grid.totals)
        lines = min(5, draw.lines_for(totals, w, 10))
        totals_h = lines * 10 * 1.2 / 72 + 0.12
        bottom -= totals_h + 0.03
        draw.text(slide, Box.inches(x, bottom, w, totals_h), totals, 10, 7, color=NAVY, max_lines=5)
    chart_box = Box.inches(x, y + 0.35, w, bottom - y - 0.4)
    if grid.categories:
        parts = charts.split(grid)
        if sum(charts.min_height_in(p) for p in parts) + len(parts) * 0.05 > chart_box.h / 914400:
            parts = [grid]  # no room to stack them: one clustered chart
        each = (chart_box.h - (len(parts) - 1) * GAP) // len(parts)
        for k, part in enumerate(parts):
            charts.bar_chart(slide, Box(chart_box.x, chart_box.y + k * (each + GAP), chart_box.w, each), part)
    else:
        draw.text(slide, chart_box, "Tidak ada data pendukung untuk indikator ini.", 14, 10,
                  color=GREY, anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER)


def agreed_note(ind, res: Resolution | None) -> str:
    """'disepakati 40,9 (2022)' when the panel's session moved the end point."""
    if res is None or not res.decided or res.disepakati_nilai is None:
        return ""
    if (res.disepakati_nilai, res.disepakati_tahun) == (ind.target_akhir, ind.tahun_akhir):
        return ""
    return "disepakati " + value_year(res.disepakati_nilai, res.disepakati_tahun, ind.satuan)


def big_figure(slide, box: Box, label: str, year, value, satuan: str, color=NAVY, note: str = "") -> None:
    """'Titik nol (2017)' over a large number over its unit (and a note under it)."""
    x, y, w = box.x / 914400, box.y / 914400, box.w / 914400
    draw.band(slide, box, draw.LIGHT)
    caption = f"{label} ({year})" if year else label
    draw.text(slide, Box.inches(x + 0.05, y + 0.08, w - 0.1, 0.34), caption, 12, 8, bold=True, color=GREY,
              align=PP_ALIGN.CENTER, max_lines=1)
    draw.text(slide, Box.inches(x + 0.05, y + 0.45, w - 0.1, 0.85), charts.value_label(value, satuan) if value is not None else "–",
              40, 14, bold=True, color=color, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE, max_lines=1)
    if note:
        draw.text(slide, Box.inches(x + 0.05, y + 1.3, w - 0.1, 0.25), satuan, 10, 7, color=GREY,
                  align=PP_ALIGN.CENTER, max_lines=1)
        draw.text(slide, Box.inches(x + 0.05, y + 1.56, w - 0.1, 0.3), note, 11, 7, bold=True, color=draw.ORANGE,
                  align=PP_ALIGN.CENTER, max_lines=1)
    else:
        draw.text(slide, Box.inches(x + 0.05, y + 1.33, w - 0.1, 0.5), satuan, 11, 7, color=GREY,
                  align=PP_ALIGN.CENTER, max_lines=2)


# --------------------------------------------------------------------------- sources

SOURCE_COLUMNS = [Column("Sumber data", 7.4), Column("Dipakai untuk", CONTENT_W - 7.4)]


def sources_slides(prs, sub: Submission, footer: str) -> None:
    used: dict[str, list[str]] = {}
    for ind in sub.indicators:
        if ind.sumber.strip():
            used.setdefault(" ".join(clean_text(ind.sumber).split()), []).append(f"{ind.kode} (titik nol)")
    for f in sub.figures:
        if f.sumber.strip():
            lst = used.setdefault(" ".join(clean_text(f.sumber).split()), [])
            tag = f"{f.kode} (data pendukung)"
            if tag not in lst:
                lst.append(tag)
    rows = [[shorten(s, 300), shorten(", ".join(codes), 300)] for s, codes in used.items()] or [["–", "–"]]
    pages = draw.paginate(rows, SOURCE_COLUMNS, 12, 5.6)
    for k, page in enumerate(pages):
        slide = blank(prs)
        frame_slide(slide, footer)
        top = heading(slide, "Sumber data" + (" (lanjutan)" if k else ""), f"{len(used)} sumber")
        draw.table(slide, MARGIN, top + 0.1, SOURCE_COLUMNS, page, 12)


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        v = " ".join(clean_text(v).split())
        if v and v not in out:
            out.append(v)
    return out
