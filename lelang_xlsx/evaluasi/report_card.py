"""The report card (Rapor Kinerja) of one OPD: the fields a template may use, the
context of one card, and rendering through the pact renderer
(:class:`lelang_xlsx.documents.pacts.PactRenderer` with this schema).

Every number is printed with what it is made of (evaluasi.md "Every number explained"):
per indicator the band's base points, the weight and their product; the formulas, the
bands, the weights, the ranking basis and the incentive table in this auction's values."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..output import textfmt
from ..errors import LelangError
from ..model import Panel
from ..documents.pact_context import _build_schema, name_capitals, pact_filename
from ..rounds.scoring import PointsTable
from .evaluate import OpdResult
from . import explain

_ROW = {
    "no": "nomor urut", "kode": "kode indikator", "misi": "kode misi", "indikator": "nama indikator kinerja",
    "satuan": "satuan", "polaritas": "Naik, Turun atau Tetap", "keputusan": "Sanggup, Tidak Sanggup atau Tanpa tawaran",
    "target": "target tahun evaluasi yang disepakati, mis. 3,5 ± 1", "realisasi": "realisasi yang dilaporkan OPD",
    "capaian": "capaian dalam persen, mis. 102,11", "kategori": "Kategori Capaian, mis. Sangat Tinggi",
    "poin_dasar": "poin dasar dari lembar Poin menurut capaian", "bobot": "bobot keputusan yang dipakai",
    "poin": "poin indikator = poin dasar × bobot (penghargaan positif, sanksi negatif)",
    "pembanding": "nilai dasar, realisasi tahun-tahun sebelumnya, target akhir dan progres, anggaran PK",
}
FIELDS: dict[str, str] = {
    "pemda.nama": "nama pemerintah daerah", "pemda.nama_kapital": "nama pemerintah daerah dalam huruf kapital",
    "kepala_daerah.jabatan": "jabatan kepala daerah, mis. {jabatan}",
    "kepala_daerah.jabatan_kapital": "jabatan kepala daerah dalam huruf kapital",
    "kepala_daerah.nama": "nama kepala daerah", "kepala_daerah.nama_kapital": "nama kepala daerah, huruf kapital (gelar tetap)",
    "tahun": "tahun yang dievaluasi, mis. {tahun}", "periode.teks": "periode, mis. {periode}",
    "tempat_tanggal": "baris tempat dan tanggal (tanggal diisi tangan), mis. {tempat}, …… {tahun_berikut}",
    "opd.kode": "kode OPD", "opd.nama": "nama OPD", "opd.nama_kapital": "nama OPD dalam huruf kapital",
    "kepala.nama": "kepala OPD saat evaluasi (dari formulir realisasi)",
    "kepala.nama_kapital": "nama kepala OPD, huruf kapital (gelar tetap)", "kepala.nip": "NIP kepala OPD berspasi",
    "kepala.pangkat": "pangkat/golongan kepala OPD", "kepala.jabatan": "jabatan kepala OPD",
    "pakta.nama": "penanda tangan pakta", "pakta.nip": "NIP penanda tangan pakta berspasi",
    "catatan_kepala": "kalimat tentang pergantian kepala OPD, kosong bila tidak berganti",
    "ringkasan.capaian": "capaian rata-rata OPD, mis. 97,35%", "ringkasan.kategori": "Kategori Capaian OPD",
    "ringkasan.penghargaan": "jumlah poin penghargaan", "ringkasan.sanksi": "jumlah poin sanksi",
    "ringkasan.bersih": "poin bersih", "ringkasan.poin_per_indikator": "poin bersih ÷ jumlah indikator",
    "ringkasan.peringkat": "peringkat OPD", "ringkasan.jumlah_opd": "banyaknya OPD yang diperingkat",
    "ringkasan.dasar_peringkat": "dasar peringkat, mis. Capaian",
    "ringkasan.nilai_peringkat": "nilai OPD menurut dasar peringkat",
    "ringkasan.insentif": "persentase insentif OPD, mis. 90%",
    "ringkasan.jumlah_indikator": "banyaknya indikator", "ringkasan.tercapai": "banyaknya indikator dengan capaian ≥ 100%",
    "rumus.peringkat": "satu kalimat: dasar peringkat dan rumusnya",
    "rumus.naik": "rumus capaian Naik", "rumus.turun": "rumus capaian Turun (Rumus Capaian Turun)",
    "rumus.tetap": "rumus capaian Tetap, dengan toleransi", "rumus.batas": "batas capaian",
    "rumus.kategori": "tabel Kategori Capaian", "rumus.poin": "tabel poin dasar (lembar Poin)",
    "rumus.bobot": "bobot keputusan", "rumus.insentif": "tabel insentif (lembar Insentif)",
    "baris[]": "satu baris per indikator",
    **{f"baris[].{k}": v for k, v in _ROW.items()},
    "penjelasan[]": "indikator yang targetnya tidak tercapai, dengan penjelasannya",
    "penjelasan[].no": "nomor urut", "penjelasan[].kode": "kode indikator", "penjelasan[].indikator": "nama indikator",
    "penjelasan[].capaian": "capaian, mis. 92,86%", "penjelasan[].penjelasan": "penjelasan OPD (diakhiri titik)",
    "penjelasan[].upaya": "upaya perbaikan OPD, atau –",
}
SCHEMA = _build_schema(FIELDS)
KIND = "rapor kinerja"
# The examples of FIELDS when no panel is given: the bundled sample (Kota Malang 2019–2023).
SAMPLE_EXAMPLES = {"jabatan": "Wali Kota Malang", "tempat": "Malang", "tahun": "2019", "tahun_berikut": "2020",
                   "periode": "2019–2023"}


def report_fields(panel: Panel | None = None) -> list[tuple[str, str]]:
    """(field, meaning) of the report-card template; the examples are ``panel``'s own (its head
    of region, place and period) when given, else the bundled sample's."""
    ex = dict(SAMPLE_EXAMPLES)
    if panel is not None:
        years = list(panel.years)
        ex.update({k: v for k, v in (("jabatan", panel.jabatan_kepala_daerah), ("tempat", panel.tempat)) if v})
        if years:
            ex.update(tahun=str(years[0]), tahun_berikut=str(years[0] + 1), periode=f"{years[0]}–{years[-1]}")
    return [(name, meaning.format(**ex) if "{" in meaning else meaning) for name, meaning in FIELDS.items()]


def _num(v: float | None, decimals: int | None = None) -> str:
    return textfmt.number(v, decimals)


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{textfmt.number(v, 2)}%"


def _sentence(text: str) -> str:
    """The OPD's text as a sentence: ends with a full stop (item 10: the explanation and
    the planned action read as two sentences)."""
    text = " ".join((text or "").split())
    return text if not text or text[-1] in ".!?" else text + "."


def target_text(target: float | None, toleransi: float | None) -> str:
    """'3,5 ± 1' for a Tetap target with a tolerance, else the number."""
    return f"{_num(target)} ± {_num(toleransi)}" if toleransi and target is not None else _num(target)


def comparison_text(ind, year: int) -> str:
    parts = []
    if ind.nilai_dasar is not None:
        parts.append(f"Nilai dasar {_num(ind.nilai_dasar)}")
    for y in sorted(ind.realisasi_lalu):
        parts.append(f"Realisasi {y} {_num(ind.realisasi_lalu[y])}")
    if ind.target_akhir is not None:
        progress = f" (progres {_pct(ind.progres)})" if ind.progres is not None else ""
        parts.append(f"Target akhir {_num(ind.target_akhir)}{progress}")
    if ind.anggaran is not None:
        parts.append(f"Anggaran PK {year} Rp {_num(ind.anggaran, 0)}")
    return " · ".join(parts)


def _rows(res: OpdResult, year: int) -> tuple[list[dict], list[dict]]:
    rows, notes = [], []
    for i, ind in enumerate(res.indicators, start=1):
        rows.append({"no": str(i), "kode": ind.kode, "misi": ind.misi, "indikator": ind.indikator, "satuan": ind.satuan,
                     "polaritas": ind.polaritas, "keputusan": ind.keputusan,
                     "target": target_text(ind.target, ind.toleransi), "realisasi": _num(ind.realisasi),
                     "capaian": _num(ind.capaian, 2), "kategori": ind.kategori or "–",
                     "poin_dasar": _num(ind.poin_dasar), "bobot": _num(ind.bobot), "poin": _num(ind.poin),
                     "pembanding": comparison_text(ind, year)})
        if ind.capaian is not None and ind.capaian < 100:
            notes.append({"no": str(len(notes) + 1), "kode": ind.kode, "indikator": ind.indikator,
                          "capaian": _pct(ind.capaian), "penjelasan": _sentence(ind.penjelasan) or "–",
                          "upaya": _sentence(ind.upaya) or "–"})
    return rows, notes


def _formulas(panel: Panel, points: PointsTable) -> dict:
    f = dict(explain.formula_lines(panel, points))
    return {"peringkat": explain.basis_line(panel, points), "naik": f["Naik"], "turun": f["Turun"],
            "tetap": f["Tetap"], "batas": f["Batas"], "kategori": explain.kategori_text(),
            "poin": explain.bands_text(points), "bobot": explain.weights_text(points),
            "insentif": explain.incentive_text(panel)}


def build_context(panel: Panel, res: OpdResult, year: int, ranked: int, points: PointsTable | None = None) -> dict:
    points = points or PointsTable()
    k, p = res.kepala, res.penanda_tangan
    changed = ""
    if res.head_changed:
        changed = (f"Pakta ditandatangani oleh {p.get('nama', '')} (NIP {textfmt.nip_spaced(p.get('nip', ''))}); "
                   f"realisasi tahun {year} dilaporkan oleh {k.get('nama', '')} selaku kepala OPD saat ini.")
    rows, notes = _rows(res, year)
    years = panel.years
    return {
        "pemda": {"nama": panel.nama_pemda, "nama_kapital": panel.nama_pemda.upper()},
        "kepala_daerah": {"jabatan": panel.jabatan_kepala_daerah, "jabatan_kapital": panel.jabatan_kepala_daerah.upper(),
                          "nama": panel.nama_kepala_daerah, "nama_kapital": name_capitals(panel.nama_kepala_daerah)},
        "tahun": str(year), "periode": {"teks": f"{years[0]}–{years[-1]}" if years else ""},
        "tempat_tanggal": f"{panel.tempat}, ........................ {year + 1}",
        "opd": {"kode": res.kode, "nama": res.nama, "nama_kapital": res.nama.upper()},
        "kepala": {"nama": k.get("nama", ""), "nama_kapital": name_capitals(k.get("nama", "")),
                   "nip": textfmt.nip_spaced(k.get("nip", "")), "pangkat": k.get("pangkat", ""),
                   "jabatan": k.get("jabatan", "")},
        "pakta": {"nama": p.get("nama", ""), "nip": textfmt.nip_spaced(p.get("nip", ""))},
        "catatan_kepala": changed,
        "ringkasan": {"capaian": _pct(res.capaian), "kategori": res.kategori or "–", "penghargaan": _num(res.penghargaan),
                      "sanksi": _num(res.sanksi), "bersih": _num(res.bersih),
                      "poin_per_indikator": _num(res.poin_per_indikator, 2), "peringkat": str(res.peringkat or "–"),
                      "jumlah_opd": str(ranked), "dasar_peringkat": panel.dasar_peringkat,
                      "nilai_peringkat": _num(res.nilai_peringkat, 2),
                      "insentif": "–" if res.insentif is None else f"{_num(res.insentif)}%",
                      "jumlah_indikator": str(len(res.indicators)),
                      "tercapai": str(sum(1 for i in res.indicators if i.capaian is not None and i.capaian >= 100))},
        "rumus": _formulas(panel, points),
        "baris": rows,
        "penjelasan": notes,
    }


def report_filename(kode: str, nama: str, year: int) -> str:
    """'DINKES', 'Dinas Kesehatan', 2019 -> 'DINKES_dinas-kesehatan_rapor-2019.docx'."""
    stem = pact_filename(kode, nama)[: -len(".docx")]
    return f"{stem}_rapor-{year}.docx"


def default_template() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates" / "rapor_kinerja.docx", here.parent / "templates" / "rapor_kinerja.docx"):
        if candidate.is_file() and zipfile.is_zipfile(candidate):
            return candidate
    raise LelangError("Templat rapor bawaan (templates/rapor_kinerja.docx) tidak ditemukan; pasang ulang lelang-xlsx.")


def renderer(template: Path | None = None):
    from ..documents.pacts import PactRenderer

    return PactRenderer(template or default_template(), top=SCHEMA, kind=KIND)


def check_report_template(path: Path) -> list[tuple[str, str]]:
    from ..documents.pacts import check_template

    return check_template(path, top=SCHEMA)
