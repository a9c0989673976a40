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
from .layout import shorten

COLUMNS = [
    Column("Kode", 1.25),
    Column("Indikator", 3.93),
    Column("Satuan", 1.2),
    Column("Titik nol", 1.2, PP_ALIGN.RIGHT),
    Column("Target akhir usulan", 1.3, PP_ALIGN.RIGHT),
    Column("Tawaran Tim Penilai", 1.3, PP_ALIGN.RIGHT),
    Column("Keputusan", 1.1),
    Column("Target disepakati", 1.15, PP_ALIGN.RIGHT),
]


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
        title = f"{no}. {nama} ({kode})"
        sub = valid.get(kode)
        if sub is None:
            slide = blank(prs)
            frame_slide(slide, footer)
            top = heading(slide, title, "Belum dapat dipaparkan")
            got = subs.get(kode, [])
            why = ("Formulir belum diterima di folder masuk/." if not got else
                   f"Formulir masih memiliki {sum(s.errors for s in got)} galat; lihat hasil/laporan.xlsx.")
            draw.text(slide, draw.Box.inches(MARGIN, top + 0.2, CONTENT_W, 1.0), why, 20, 12, color=draw.GREY)
            continue
        recs = by_opd.get(kode, [])
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
        head = clean_text(sub.identity.nama_kepala)
        kicker = f"{head} · {_counts(len(sub.indicators), recs)}"
        size = 11 if len(rows) <= 8 else 10
        pages = draw.paginate(rows or [["–"] * len(COLUMNS)], COLUMNS, size, 5.6)
        for k, page in enumerate(pages):
            slide = blank(prs)
            frame_slide(slide, footer)
            top = heading(slide, title + (" (lanjutan)" if k else ""), kicker)
            draw.table(slide, MARGIN, top + 0.1, COLUMNS, page, size)
    return prs
