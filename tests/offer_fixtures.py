"""Panel and Submission objects built in code for the recap and offer tests."""

from __future__ import annotations


from lelang_xlsx.checking.findings import Pos, make
from lelang_xlsx.model import Figure, Identity, Indicator, Panel, Submission

from .pact_fixtures import panel as _pact_panel

YEARS = range(2019, 2024)


def panel() -> Panel:
    """The Malang panel of the pact fixtures, with four OPDs."""
    p = _pact_panel()
    p.opds = {
        "DINKES": "Dinas Kesehatan",
        "DISDIK": "Dinas Pendidikan",
        "DISHUB": "Dinas Perhubungan",
        "DPUPR": "Dinas Pekerjaan Umum dan Penataan Ruang",
    }
    p.members = [("Prof. Dr. Ir. Anna", "Universitas Brawijaya")]
    return p


def ind(row, kode, misi, indikator, satuan, polaritas, dasar, targets, **kw) -> Indicator:
    return Indicator(
        row=row, kode=kode, misi=misi, sasaran=kw.get("sasaran", "Meningkatnya derajat kesehatan"),
        program=kw.get("program", "Program Upaya Kesehatan Masyarakat"), indikator=indikator,
        cara=kw.get("cara", "Jumlah kejadian dibagi jumlah penduduk"), satuan=satuan,
        polaritas=polaritas, tahun_dasar=2017, nilai_dasar=dasar, sumber="Profil 2017",
        targets=dict(zip(YEARS, targets)),
    )


def sub(kode, nama, indicators, figures=None, errors=False) -> Submission:
    s = Submission(
        path=f"{kode.lower()}.xlsx", readable=True,
        identity=Identity(kode_opd=kode, nama_opd=nama, nama_kepala="dr. Husnul Muarif",
                          nip_kepala="196804111993031009", pangkat="Pembina Utama Muda (IV/c)",
                          jabatan=f"Kepala {nama}"),
        indicators=indicators,
        figures=figures if figures is not None else [
            Figure(row=2 + k, kode=i.kode, uraian="Jumlah ibu hamil", rincian="Total", tahun=2017,
                   nilai=12345.0, satuan="orang", sumber="Dinkes") for k, i in enumerate(indicators)
        ],
    )
    if errors:
        s.findings.append(make("LK301", Pos(s.path, "Indikator", 3, 2), header="Kode Indikator", context=""))
    return s


def dinkes() -> Submission:
    return sub("DINKES", "Dinas Kesehatan", [
        # Turun: AKI 120 -> 90: improvement (120-90)/120*100 = 25
        ind(2, "IK-01", "M1", "Angka Kematian Ibu", "per 100.000 KH", "Turun", 120.0, [115, 110, 100, 95, 90]),
        # Naik: 80 -> 95: improvement 18.75
        ind(3, "IK-02", "M1", "Cakupan Imunisasi Dasar Lengkap", "%", "Naik", 80.0, [83, 86, 89, 92, 95]),
        # Tetap: 10 -> 11: -10
        ind(4, "IK-03", "M4", "Indeks Kepuasan Layanan Puskesmas", "indeks", "Tetap", 10.0, [10, 10, 10, 11, 11]),
        # baseline 0 -> blank improvement
        ind(5, "IK-04", "M1", "Jumlah Kasus Gizi Buruk", "kasus", "Turun", 0.0, [0, 0, 0, 0, 0]),
    ])


def disdik() -> Submission:
    return sub("DISDIK", "Dinas Pendidikan", [
        ind(2, "P-01", "M1", "Angka Partisipasi Murni SMP", "%", "Naik", 90.0, [91, 92, 93, 94, 96.5],
            sasaran="Meningkatnya akses pendidikan", program="Program Wajib Belajar"),
        ind(3, "P-02", "M2", "Rata-rata Lama Sekolah", "tahun", "Naik", 10.0, [10.1, 10.2, 10.3, 10.4, 11.0],
            sasaran="Meningkatnya kualitas pendidikan", program="Program Pendidikan Nonformal"),
    ])


def dishub_with_errors() -> Submission:
    return sub("DISHUB", "Dinas Perhubungan", [
        ind(2, "H-01", "M2", "Panjang Jalan Terpantau", "km", "Naik", 10.0, [11, 12, 13, 14, 15]),
    ], errors=True)
