"""The PK document of one OPD: what it is built from (its content, the lock's fingerprint),
the fields a template may use, the context of one document, and rendering through the
pact renderer (:class:`lelang_xlsx.documents.pacts.PactRenderer` with this schema)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..agreement.agreed import Agreement
from ..cache import digest
from ..documents.pact_context import _build_schema, name_capitals, pact_filename
from ..documents.pact_fields import _described
from ..model import Panel
from ..output import textfmt
from .budget import rupiah
from .contract import default_template
from .reader import PkForm

_EXAMPLED: dict[str, str] = {
    "pemda.nama": "nama pemerintah daerah", "pemda.nama_kapital": "nama pemerintah daerah dalam huruf kapital",
    "judul": "PERJANJIAN KINERJA TAHUN 2019, atau PERJANJIAN KINERJA PERUBAHAN TAHUN 2019",
    "judul_biasa": "Perjanjian Kinerja Tahun 2019 (atau Perjanjian Kinerja Perubahan Tahun 2019)",
    "tahun": "tahun PK", "periode.teks": "periode kesepakatan, mis. {periode}",
    "opd.kode": "kode OPD", "opd.nama": "nama OPD", "opd.nama_kapital": "nama OPD dalam huruf kapital",
    "pihak_pertama.nama": "kepala OPD yang menandatangani (dari formulir PK)",
    "pihak_pertama.nama_kapital": "nama kepala OPD, huruf kapital (gelar tetap)",
    "pihak_pertama.nip": "NIP kepala OPD berspasi", "pihak_pertama.pangkat": "pangkat/golongan kepala OPD",
    "pihak_pertama.jabatan": "jabatan kepala OPD",
    "pihak_kedua.nama": "kepala daerah (panel.xlsx)", "pihak_kedua.nama_kapital": "nama kepala daerah, huruf kapital",
    "pihak_kedua.jabatan": "jabatan kepala daerah, mis. {jabatan}",
    "tempat_tanggal": "tempat dan tanggal PK, mis. {tempat}, 31 Januari {awal}",
    "kesepakatan.judul": "kesepakatan yang berlaku, mis. Pakta Integritas, atau Perubahan ke-1 (berlaku mulai 2021)",
    "kesepakatan.teks": "keterangan perubahan kesepakatan untuk kalimat janji, kosong untuk pakta pertama",
    "perubahan.ada": "ya bila ini PK Perubahan, kosong bila PK pertama",
    "perubahan.teks": "kalimat yang menyebut PK yang digantikan",
    "sasaran[]": "satu baris per indikator (lampiran tabel 1)",
    "sasaran[].no": "nomor urut", "sasaran[].kode": "kode indikator", "sasaran[].misi": "kode misi",
    "sasaran[].sasaran": "sasaran strategis", "sasaran[].indikator": "indikator kinerja", "sasaran[].satuan": "satuan",
    "sasaran[].target": "target tahun PK, mis. 1.234,5 (Tetap dengan toleransi: 3,5 ± 1)", "sasaran[].penanggung_jawab": "penanggung jawab",
    "program[]": "satu baris per program (lampiran tabel 2)",
    "program[].no": "nomor urut", "program[].program": "nama program", "program[].kegiatan": "kegiatan, atau kosong",
    "program[].anggaran": "anggaran, mis. Rp 1.250.000.000", "program[].sumber_dana": "sumber dana",
    "program[].indikator": "kode indikator yang didukung, dipisah koma",
    "program[].keterangan": "sumber dana, indikator yang didukung dan keterangan OPD",
    "jumlah_anggaran": "jumlah anggaran semua program, mis. Rp 12.500.000.000",
}
FIELDS: dict[str, str] = _described(_EXAMPLED)  # with the sample's examples
SCHEMA = _build_schema(FIELDS)
KIND = "perjanjian kinerja"


def pk_fields(panel=None) -> list[tuple[str, str]]:
    """Every field of the PK template, with its meaning; the examples are ``panel``'s own when given."""
    return list(_described(_EXAMPLED, panel).items())


def content(a: Agreement, form: PkForm, year: int) -> dict:
    """What a PK is built from, in canonical form (text stripped, numbers as numbers): the
    lock's fingerprint is taken over it and pk.json records it. The targets are the
    agreement's (the form's locked copy is checked equal: LK801)."""
    ident = form.identity
    pj = {t.kode.casefold(): t.pj for t in form.targets}
    return {
        "kode": a.kode_opd, "nama_opd": a.nama_opd,
        "penanda_tangan": {"nama": ident.nama_kepala.strip(), "nip": ident.nip_kepala.strip(),
                           "pangkat": ident.pangkat.strip(), "jabatan": ident.jabatan.strip()},
        "kesepakatan_versi": a.versi, "kesepakatan_berlaku_mulai": a.berlaku_mulai,
        "indikator": [_indicator(i, year, pj) for i in a.indicators],
        "program": [{"program": p.program.strip(), "kegiatan": p.kegiatan.strip(), "anggaran": p.anggaran,
                     "sumber_dana": p.sumber.strip(), "indikator": list(p.codes), "keterangan": p.keterangan.strip()}
                    for p in form.programs],
    }


def _indicator(i, year: int, pj: dict[str, str]) -> dict:
    d = {"kode": i.kode, "misi": i.misi, "sasaran": i.sasaran, "indikator": i.indikator, "satuan": i.satuan,
         "target": i.target.get(year), "penanggung_jawab": pj.get(i.kode.casefold(), "").strip()}
    tol = getattr(i, "toleransi", None)  # a Tetap target's ± band, once the register carries it
    if tol is not None and i.polaritas == "Tetap":
        d["toleransi"] = tol  # only then: the fingerprint of every other PK stays as it was
    return d


def _target_text(x: dict) -> str:
    """'3,5' or, for a Tetap target with a tolerance, '3,5 ± 1'."""
    text = textfmt.number(x["target"])
    return f"{text} ± {textfmt.number(x['toleransi'])}" if x.get("toleransi") is not None else text


def fingerprint(c: dict) -> str:
    return digest("pk-isi", c)


def changes(old: dict, new: dict, limit: int = 3) -> list[str]:
    """What changed between two contents, in words (the first few, then a count)."""
    out: list[str] = []
    if old.get("kesepakatan_versi") != new.get("kesepakatan_versi"):
        out.append(f"kesepakatan versi {old.get('kesepakatan_versi')} → {new.get('kesepakatan_versi')}")
    targets = {i["kode"]: i for i in old.get("indikator", [])}
    for i in new.get("indikator", []):
        before = targets.get(i["kode"], {})
        if before.get("target") != i["target"]:
            out.append(f"{i['kode']} target: {textfmt.number(before.get('target'))} → {textfmt.number(i['target'])}")
    if old.get("penanda_tangan") != new.get("penanda_tangan"):
        out.append(f"penanda tangan: {old.get('penanda_tangan', {}).get('nama', '')} → {new['penanda_tangan']['nama']}")
    if old.get("program") != new.get("program"):
        total = lambda c: sum(p["anggaran"] or 0 for p in c.get("program", []))  # noqa: E731
        out.append(f"program dan anggaran ({len(old.get('program', []))} program, {rupiah(total(old))} → "
                   f"{len(new['program'])} program, {rupiah(total(new))})")
    if not out and old != new:
        out.append("isian formulir (sasaran, penanggung jawab atau keterangan)")
    return out[:limit] + ([f"dan {len(out) - limit} lainnya"] if len(out) > limit else [])


def default_date(panel: Panel, year: int) -> dt.date:
    """The date in panel settings with the PK's year (blank Tanggal PK)."""
    d = panel.tanggal or dt.date(year, 1, 2)
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)


def _agreement_title(c: dict) -> tuple[str, str]:
    v = c.get("kesepakatan_versi") or 1
    if v <= 1:
        return "Pakta Integritas", ""
    title = f"Perubahan ke-{v - 1}" + (f" (berlaku mulai {c['kesepakatan_berlaku_mulai']})"
                                        if c.get("kesepakatan_berlaku_mulai") else "")
    return title, f" sebagaimana diubah dengan {title}"


def build_context(panel: Panel, pemda: str, c: dict, year: int, tanggal: dt.date, versi: int = 1,
                  replaces: dt.date | None = None) -> dict:
    """The context of one PK document; ``versi`` > 1 is a PK Perubahan replacing the PK dated ``replaces``."""
    s = c["penanda_tangan"]
    rev = versi > 1
    judul_biasa = f"Perjanjian Kinerja {'Perubahan ' if rev else ''}Tahun {year}"
    title, teks = _agreement_title(c)
    years = panel.years
    programs = []
    for i, p in enumerate(c["program"], start=1):
        codes = ", ".join(p["indikator"])
        note = "; ".join(x for x in (p["sumber_dana"], f"mendukung {codes}" if codes else "", p["keterangan"]) if x)
        programs.append({"no": str(i), "program": p["program"], "kegiatan": p["kegiatan"], "anggaran": rupiah(p["anggaran"]),
                         "sumber_dana": p["sumber_dana"], "indikator": codes, "keterangan": note})
    return {
        "pemda": {"nama": pemda, "nama_kapital": pemda.upper()},
        "judul": judul_biasa.upper(), "judul_biasa": judul_biasa, "tahun": str(year),
        "periode": {"teks": f"{years[0]}–{years[-1]}" if years else ""},
        "opd": {"kode": c["kode"], "nama": c["nama_opd"], "nama_kapital": c["nama_opd"].upper()},
        "pihak_pertama": {"nama": s["nama"], "nama_kapital": name_capitals(s["nama"]), "nip": textfmt.nip_spaced(s["nip"]),
                          "pangkat": s["pangkat"], "jabatan": s["jabatan"]},
        "pihak_kedua": {"nama": panel.nama_kepala_daerah, "nama_kapital": name_capitals(panel.nama_kepala_daerah),
                        "jabatan": panel.jabatan_kepala_daerah},
        "tempat_tanggal": f"{panel.tempat}, {textfmt.date_long(tanggal)}",
        "kesepakatan": {"judul": title, "teks": teks},
        "perubahan": {"ada": "ya" if rev else "",
                      "teks": (f"Perjanjian Kinerja Perubahan ini menggantikan Perjanjian Kinerja Tahun {year} tertanggal "
                               f"{textfmt.date_long(replaces)}.") if rev and replaces else ""},
        "sasaran": [{"no": str(i), "kode": x["kode"], "misi": x["misi"], "sasaran": x["sasaran"] or "–",
                     "indikator": x["indikator"], "satuan": x["satuan"], "target": _target_text(x),
                     "penanggung_jawab": x["penanggung_jawab"]} for i, x in enumerate(c["indikator"], start=1)],
        "program": programs,
        "jumlah_anggaran": rupiah(sum(p["anggaran"] or 0 for p in c["program"])),
    }


def pk_filename(kode: str, nama: str) -> str:
    return pact_filename(kode, nama)


def renderer(template: Path | None = None):
    from ..documents.pacts import PactRenderer

    return PactRenderer(template or default_template(), top=SCHEMA, kind=KIND)


def check_pk_template(path: Path) -> list[tuple[str, str]]:
    from ..documents.pacts import check_template

    return check_template(path, top=SCHEMA)
