"""The panel's session deck: one summary slide per OPD in presentation order (the
panel list's order), with its indicators, the offers and the decisions so far."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from ..model import ACCEPTED, REFUSED, Panel, Resolution, Submission, decision_label
from ..documents.pact_context import clean_text
from . import draw
from .deck import (CONTENT_W, MARGIN, blank, frame_slide, heading, new_presentation, period, title_slide,
                   value_year)
from .draw import Column
from .layout import shorten, text_width_pt
from ..output.xlsxstyle import DECISION_COLORS

COLUMNS = [  # 12,43 inches: the numbers and the bold decision in large type, the indicator wraps
    Column("Kode", 1.45),
    Column("Indikator", 2.88),
    Column("Satuan", 1.15),
    Column("Titik nol", 1.3, PP_ALIGN.RIGHT),
    Column("Target akhir usulan", 1.35, PP_ALIGN.RIGHT),
    Column("Tawaran Tim Penilai", 1.35, PP_ALIGN.RIGHT),
    Column("Keputusan", 1.5),
    Column("Target disepakati", 1.45, PP_ALIGN.RIGHT),
]
DECISION = 6  # the Keputusan column: in the decisions' colours, as in the recap's session view
COLORS = {DECISION: DECISION_COLORS}
BOLD = frozenset(COLORS)
SIZES = (18, 16, 15, 14, 13, 12, 11)  # the largest at which an OPD's table fits one slide, no word broken
ROOM = 5.6  # inches below the title


def table_size(rows: list[list[str]]) -> float:
    """The type size of an OPD's table: the largest of :data:`SIZES` that puts every row on
    one slide without breaking a word; else the smallest (over several slides)."""
    for size in SIZES:
        if _words_fit(rows, size) and len(draw.paginate(rows, COLUMNS, size, ROOM, BOLD)) == 1:
            return size
    return SIZES[-1]


def _words_fit(rows: list[list[str]], size: float) -> bool:
    """No word of a cell (or header, bold) wider than its column at ``size``."""
    for j, col in enumerate(COLUMNS):
        room = (col.width - 2 * draw.CELL_MARGIN_X) * 72
        cells = [(col.header, draw.BOLD)] + [(r[j], draw.BOLD if j in BOLD else 1) for r in rows]
        if any(text_width_pt(w, size * k) > room for t, k in cells for w in str(t).split()):
            return False
    return True


def _counts(n: int, recs: list[Resolution]) -> str:
    offers = sum(r.has_offer for r in recs)
    parts = [f"{n} indikator", f"{offers} tawaran",
             f"{sum(r.status == ACCEPTED for r in recs)} Sanggup",
             f"{sum(r.status == REFUSED for r in recs)} Tidak Sanggup",
             f"{sum(not r.decided for r in recs)} belum diputuskan/tidak valid"]
    return " · ".join(parts)


def build_session_deck(panel: Panel, submissions: list[Submission], resolutions: list[Resolution]):
    prs = new_presentation()
    footer = f"{panel.nama_pemda} · Lelang Kinerja {period(panel)} · Sidang Tim Penilai"
    subs: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            subs.setdefault(s.kode_opd, []).append(s)
    valid = {s.kode_opd: s for s in submissions if s.valid and s.kode_opd}
    order = list(panel.opds) + [k for k in valid if k not in panel.opds]
    ready = sum(k in valid for k in order)
    title_slide(prs, panel, panel.nama_pemda, "Bahan sidang Tim Penilai",
                [f"{len(order)} OPD dalam urutan paparan", f"{ready} OPD dengan formulir tanpa galat"])
    by_opd: dict[str, list[Resolution]] = {}
    for r in resolutions:
        by_opd.setdefault(r.kode_opd, []).append(r)
    for no, kode in enumerate(order, start=1):
        nama = clean_text(panel.opds.get(kode) or (valid[kode].identity.nama_opd if kode in valid else kode))
        if kode in valid:
            _opd_slides(prs, footer, f"{no}. {nama}", kode, valid[kode], by_opd.get(kode, []))
        else:
            _waiting_slide(prs, footer, f"{no}. {nama}", kode, subs.get(kode, []))
    return prs


def _waiting_slide(prs, footer: str, title: str, kode: str, got: list[Submission]) -> None:
    slide = blank(prs)
    frame_slide(slide, footer)
    top = heading(slide, title, "Belum dapat dipaparkan", tail=f" ({kode})")
    why = ("Formulir belum diterima di folder masuk/." if not got else
           f"Formulir masih memiliki {sum(s.errors for s in got)} galat; lihat hasil/laporan.xlsx.")
    draw.text(slide, draw.Box.inches(MARGIN, top + 0.2, CONTENT_W, 1.0), why, 20, 12, color=draw.GREY)


def table_rows(sub: Submission, recs: list[Resolution]) -> list[list[str]]:
    """One row per indicator: what the panel discusses, the decision as the recap labels it."""
    res_by = {r.indicator.kode: r for r in recs}
    rows = []
    for ind in sub.indicators:
        r = res_by.get(ind.kode)
        rows.append([
            shorten(ind.kode, 30), shorten(ind.indikator, 120), shorten(ind.satuan, 30),
            value_year(ind.nilai_dasar, ind.tahun_dasar, ind.satuan),
            value_year(ind.target_akhir, ind.tahun_akhir, ind.satuan),
            value_year(r.tawaran_nilai, r.tawaran_tahun, ind.satuan) if r else "–",
            decision_label(r.status) if r else "–",
            value_year(r.disepakati_nilai, r.disepakati_tahun, ind.satuan) if r and r.decided else "–",
        ])
    return rows or [["–"] * len(COLUMNS)]


def _opd_slides(prs, footer: str, title: str, kode: str, sub: Submission, recs: list[Resolution]) -> None:
    """An OPD's table, in the largest type that fits (over more slides only when it must)."""
    kicker = f"{clean_text(sub.identity.nama_kepala)} · {_counts(len(sub.indicators), recs)}"
    rows = table_rows(sub, recs)
    size = table_size(rows)
    for k, page in enumerate(draw.paginate(rows, COLUMNS, size, ROOM, BOLD)):
        slide = blank(prs)
        frame_slide(slide, footer)
        top = heading(slide, title, kicker, tail=f" ({kode})" + (" (lanjutan)" if k else ""))
        draw.table(slide, MARGIN, top + 0.1, COLUMNS, page, size, COLORS)
