"""How every number of the round is computed, in this auction's own values (evaluasi.md
"Every number explained"): the sheet ``Cara Menghitung`` of evaluasi.xlsx and the lines
of the report card read the same texts from here."""

from __future__ import annotations

from .. import contract as C
from ..model import Panel
from ..output.textfmt import number
from ..rounds.scoring import KATEGORI, LOWEST, PointsTable, formula_text

BASIS_TEXT = {
    C.RANK_CAPAIAN: "rata-rata capaian indikator OPD (setiap capaian dibatasi {cap} %)",
    C.RANK_PER_INDIKATOR: "poin bersih OPD dibagi jumlah indikatornya",
    C.RANK_BERSIH: "jumlah poin bersih OPD (cara versi 2)",
}


def _n(v: float | None) -> str:
    return number(v) if v is not None else "–"


def basis_line(panel: Panel, points: PointsTable) -> str:
    """One line naming the ranking basis and its formula."""
    text = BASIS_TEXT.get(panel.dasar_peringkat, BASIS_TEXT[C.RANK_CAPAIAN]).format(cap=_n(points.cap))
    return (f"Peringkat menurut {panel.dasar_peringkat}: {text}, dari terbesar; nilai sama (dua desimal) berbagi "
            "peringkat. OPD yang tidak mengirim formulir realisasi berada di urutan terakhir.")


def formula_lines(panel: Panel, points: PointsTable) -> list[tuple[str, str]]:
    """(polarity, formula) for the three polarities, then the cap."""
    out = [(p, formula_text(p, panel.rumus_turun)) for p in C.POLARITIES[:2]]
    out.append(("Tetap", formula_text("Tetap") + "; dengan toleransi t: d = maks(0, |Realisasi − Target| − t), "
                "capaian = (1 − d ÷ |Target|) × 100, sehingga realisasi di dalam Target ± t bercapaian 100"))
    out.append(("Batas", f"Capaian tidak kurang dari 0 dan tidak lebih dari {_n(points.cap)} %; dibulatkan dua desimal"))
    return out


def bands_text(points: PointsTable) -> str:
    return "; ".join(f"capaian ≥ {_n(m)} % → {_n(p)}" for m, p in points.bands)


def weights_text(points: PointsTable) -> str:
    return "; ".join(f"{d} × {_n(w[0])} bila positif, × {_n(w[1])} bila negatif" for d, w in points.weights.items())


def incentive_text(panel: Panel) -> str:
    rows = "; ".join(f"≥ {_n(m)} → {_n(p)} %" for m, p in panel.insentif)
    return f"poin per indikator {rows}; di bawahnya 0 %"


def kategori_text() -> str:
    return "; ".join(f"≥ {_n(m)} {k}" for m, k in KATEGORI) + f"; di bawah {_n(KATEGORI[-1][0])} {LOWEST}"


def sheet_rows(panel: Panel, points: PointsTable, year: int) -> list[tuple[str, str]]:
    """(Langkah, Cara) rows of the sheet Cara Menghitung."""
    rows = [("Tahun evaluasi", f"{year} (target tahun {year} dari pakta yang berlaku tahun itu)")]
    rows += [(f"Capaian {p}" if p != "Batas" else "Batas capaian", f) for p, f in formula_lines(panel, points)]
    rows.append(("Rumus Capaian Turun", f"{panel.rumus_turun} (panel.xlsx › Pengaturan)"))
    rows.append(("Kategori Capaian", kategori_text()))
    rows.append(("Poin dasar (lembar Poin)", bands_text(points)))
    rows.append(("Bobot keputusan", weights_text(points)))
    rows.append(("Poin indikator", "poin dasar × bobot keputusan"))
    rows.append(("Poin Tidak Melapor", f"{_n(points.tidak_melapor)} per indikator yang disepakati, bagi OPD "
                 "yang berpakta tetapi tidak mengirim formulir realisasi (bobot 1)"))
    rows.append(("Poin OPD", "penghargaan = jumlah poin positif; sanksi = jumlah poin negatif; poin bersih = "
                 "penghargaan + sanksi; poin per indikator = poin bersih ÷ jumlah indikator"))
    rows.append(("Capaian OPD", "rata-rata capaian indikatornya; kategorinya menurut tabel Kategori Capaian"))
    rows.append(("Dasar Peringkat", basis_line(panel, points)))
    rows.append(("Insentif (lembar Insentif)", incentive_text(panel)))
    rows.append(("Status OPD", "dievaluasi: formulir realisasi sah; belum mengirim: berpakta tanpa formulir "
                 "(Poin Tidak Melapor, peringkat terakhir); ditahan: formulir bergalat atau lebih dari satu "
                 "(tidak dihitung sampai diperbaiki); tanpa pakta: tidak dievaluasi"))
    return rows
