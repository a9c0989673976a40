"""The report card (Rapor Kinerja) of one OPD: the fields a template may use, the
context of one card, and rendering through the pact renderer
(:class:`lelang_xlsx.documents.pacts.PactRenderer` with this schema)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..output import textfmt
from ..errors import LelangError
from ..model import Panel
from ..documents.pact_context import _build_schema, name_capitals, pact_filename
from .evaluate import OpdResult

_ROW = {
    "no": "nomor urut", "kode": "kode indikator", "misi": "kode misi", "indikator": "nama indikator kinerja",
    "satuan": "satuan", "polaritas": "Naik, Turun atau Tetap", "keputusan": "Sanggup, Tidak Sanggup atau Tanpa tawaran",
    "target": "target tahun evaluasi yang disepakati", "realisasi": "realisasi yang dilaporkan OPD",
    "capaian": "capaian dalam persen, mis. 102,11", "predikat": "predikat capaian, mis. Sangat Tinggi",
    "poin": "poin indikator (penghargaan positif, sanksi negatif)",
}
FIELDS: dict[str, str] = {
    "pemda.nama": "nama pemerintah daerah", "pemda.nama_kapital": "nama pemerintah daerah dalam huruf kapital",
    "kepala_daerah.jabatan": "jabatan kepala daerah, mis. Wali Kota Malang",
    "kepala_daerah.jabatan_kapital": "jabatan kepala daerah dalam huruf kapital",
    "kepala_daerah.nama": "nama kepala daerah", "kepala_daerah.nama_kapital": "nama kepala daerah, huruf kapital (gelar tetap)",
    "tahun": "tahun yang dievaluasi", "periode.teks": "periode, mis. 2019–2023",
    "tempat_tanggal": "baris tempat dan tanggal (tanggal diisi tangan), mis. Malang, …… 2020",
    "opd.kode": "kode OPD", "opd.nama": "nama OPD", "opd.nama_kapital": "nama OPD dalam huruf kapital",
    "kepala.nama": "kepala OPD saat evaluasi (dari formulir realisasi)",
    "kepala.nama_kapital": "nama kepala OPD, huruf kapital (gelar tetap)", "kepala.nip": "NIP kepala OPD berspasi",
    "kepala.pangkat": "pangkat/golongan kepala OPD", "kepala.jabatan": "jabatan kepala OPD",
    "pakta.nama": "penanda tangan pakta", "pakta.nip": "NIP penanda tangan pakta berspasi",
    "catatan_kepala": "kalimat tentang pergantian kepala OPD, kosong bila tidak berganti",
    "ringkasan.capaian": "capaian rata-rata OPD, mis. 97,35%", "ringkasan.predikat": "predikat OPD",
    "ringkasan.penghargaan": "jumlah poin penghargaan", "ringkasan.sanksi": "jumlah poin sanksi",
    "ringkasan.bersih": "poin bersih", "ringkasan.peringkat": "peringkat OPD", "ringkasan.jumlah_opd": "banyaknya OPD yang diperingkat",
    "ringkasan.jumlah_indikator": "banyaknya indikator", "ringkasan.tercapai": "banyaknya indikator dengan capaian ≥ 100%",
    "baris[]": "satu baris per indikator",
    **{f"baris[].{k}": v for k, v in _ROW.items()},
    "penjelasan[]": "indikator yang targetnya tidak tercapai, dengan penjelasannya",
    "penjelasan[].no": "nomor urut", "penjelasan[].kode": "kode indikator", "penjelasan[].indikator": "nama indikator",
    "penjelasan[].capaian": "capaian, mis. 92,86%", "penjelasan[].penjelasan": "penjelasan OPD",
    "penjelasan[].upaya": "upaya perbaikan OPD, atau –",
}
SCHEMA = _build_schema(FIELDS)
KIND = "rapor kinerja"


def report_fields() -> list[tuple[str, str]]:
    return list(FIELDS.items())


def _num(v: float | None, decimals: int | None = None) -> str:
    return textfmt.number(v, decimals)


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{textfmt.number(v, 2)}%"


def build_context(panel: Panel, res: OpdResult, year: int, ranked: int) -> dict:
    k, p = res.kepala, res.penanda_tangan
    changed = ""
    if res.head_changed:
        changed = (f"Pakta ditandatangani oleh {p.get('nama', '')} (NIP {textfmt.nip_spaced(p.get('nip', ''))}); "
                   f"realisasi tahun {year} dilaporkan oleh {k.get('nama', '')} selaku kepala OPD saat ini.")
    rows, notes = [], []
    for i, ind in enumerate(res.indicators, start=1):
        rows.append({"no": str(i), "kode": ind.kode, "misi": ind.misi, "indikator": ind.indikator, "satuan": ind.satuan,
                     "polaritas": ind.polaritas, "keputusan": ind.keputusan, "target": _num(ind.target),
                     "realisasi": _num(ind.realisasi), "capaian": _num(ind.capaian, 2), "predikat": ind.predikat or "–",
                     "poin": _num(ind.poin)})
        if ind.capaian is not None and ind.capaian < 100:
            notes.append({"no": str(len(notes) + 1), "kode": ind.kode, "indikator": ind.indikator,
                          "capaian": _pct(ind.capaian), "penjelasan": ind.penjelasan or "–", "upaya": ind.upaya or "–"})
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
        "ringkasan": {"capaian": _pct(res.capaian), "predikat": res.predikat, "penghargaan": _num(res.penghargaan),
                      "sanksi": _num(res.sanksi), "bersih": _num(res.bersih), "peringkat": str(res.peringkat or "–"),
                      "jumlah_opd": str(ranked), "jumlah_indikator": str(len(res.indicators)),
                      "tercapai": str(sum(1 for i in res.indicators if i.capaian is not None and i.capaian >= 100))},
        "baris": rows,
        "penjelasan": notes,
    }


def report_filename(kode: str, nama: str) -> str:
    return pact_filename(kode, nama)


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
