"""The PK document's context: Indonesian numbers and rupiah, the Jumlah, the title of a
revision, a Tetap target with its tolerance; the content's fingerprint ignores values it
does not hold (a tolerance only when there is one)."""

import datetime as dt

from lelang_xlsx.model import Panel
from lelang_xlsx.pk.document import build_context, fingerprint

PANEL = Panel(path="panel.xlsx", nama_pemda="Kota Malang", jabatan_kepala_daerah="Wali Kota Malang",
              nama_kepala_daerah="Drs. H. Sutiaji", tahun_awal=2019, tahun_akhir=2023, tempat="Malang")


def content(**extra):
    ind = {"kode": "DISDAG-01", "misi": "M2", "sasaran": "Stabilnya harga", "indikator": "Tingkat inflasi",
           "satuan": "%", "target": 3.5, "penanggung_jawab": "Bidang Perdagangan", **extra}
    return {"kode": "DISDAG", "nama_opd": "Dinas Perdagangan", "kesepakatan_versi": 1,
            "penanda_tangan": {"nama": "Drs. Agus Setiawan, M.M.", "nip": "196805121994031005",
                               "pangkat": "Pembina (IV/a)", "jabatan": "Kepala Dinas Perdagangan Kota Malang"},
            "indikator": [ind],
            "program": [{"program": "Program Stabilisasi Harga", "kegiatan": "Operasi pasar", "anggaran": 1_250_000_000,
                         "sumber_dana": "APBD", "indikator": ["DISDAG-01"], "keterangan": ""},
                        {"program": "Program Metrologi Legal", "kegiatan": "", "anggaran": 375_500_000,
                         "sumber_dana": "APBN/DAK", "indikator": ["DISDAG-01"], "keterangan": "DPA 2019"}]}


def test_context_numbers_and_total():
    ctx = build_context(PANEL, "Kota Malang", content(), 2019, dt.date(2019, 1, 31))
    assert ctx["judul"] == "PERJANJIAN KINERJA TAHUN 2019"
    assert ctx["tempat_tanggal"] == "Malang, 31 Januari 2019"
    assert [p["anggaran"] for p in ctx["program"]] == ["Rp 1.250.000.000", "Rp 375.500.000"]
    assert ctx["jumlah_anggaran"] == "Rp 1.625.500.000"
    assert ctx["program"][1]["keterangan"] == "APBN/DAK; mendukung DISDAG-01; DPA 2019"
    assert ctx["sasaran"][0]["target"] == "3,5"
    assert ctx["pihak_pertama"]["nip"] == "19680512 199403 1 005"
    assert ctx["pihak_kedua"]["nama_kapital"] == "Drs. H. SUTIAJI"


def test_revision_and_tolerance():
    ctx = build_context(PANEL, "Kota Malang", content(toleransi=1.0), 2019, dt.date(2019, 8, 15), versi=2,
                        replaces=dt.date(2019, 1, 31))
    assert ctx["judul"] == "PERJANJIAN KINERJA PERUBAHAN TAHUN 2019"
    assert "tertanggal 31 Januari 2019" in ctx["perubahan"]["teks"]
    assert ctx["sasaran"][0]["target"] == "3,5 ± 1"
    assert fingerprint(content()) != fingerprint(content(toleransi=1.0))
