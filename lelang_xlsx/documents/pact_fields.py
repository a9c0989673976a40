"""The fields a pact template may use, with their meaning (``lelang pact-fields``).

The one list the template check (:func:`lelang_xlsx.documents.pact_context._build_schema`)
and the field listing are made from; :mod:`.pact_context` builds a context with exactly
these names.
"""

from __future__ import annotations

from .. import contract as C

_ROW_FIELDS: dict[str, str] = {
    "no": "nomor urut baris dalam lampiran (1, 2, …)",
    "kode": "kode indikator",
    "misi": "kode misi indikator",
    "sasaran": "sasaran strategis",
    "program": "program",
    "indikator": "nama indikator kinerja",
    "satuan": "satuan",
    "polaritas": "polaritas: Naik, Turun atau Tetap",
    "nilai_dasar": "nilai dasar (titik nol), mis. 1.234,5",
    "tahun_dasar": "tahun nilai dasar",
    "dasar": "nilai dasar dengan tahunnya, mis. 1.234,5 (2017)",
    "usulan_nilai": "usulan target akhir OPD",
    "usulan_tahun": "tahun usulan target akhir",
    "usulan": "usulan dengan tahunnya, mis. 95 (2023)",
    "tawaran_nilai": "target yang ditawarkan Tim Penilai, atau – bila tanpa tawaran",
    "tawaran_tahun": "tahun tawaran, atau – bila tanpa tawaran",
    "tawaran": "tawaran dengan tahunnya, mis. 97 (2021), atau –",
    "keputusan": "Sanggup, Tidak Sanggup, atau Tanpa tawaran",
    "target_nilai": "nilai target yang disepakati",
    "target_tahun": "tahun target yang disepakati",
    "target": "target disepakati dengan tahunnya, mis. 97 (2021)",
    "catatan": "catatan lengkap: keterangan otomatis untuk Tidak Sanggup ditambah catatan Tim Penilai",
    "catatan_panel": "catatan Tim Penilai saja, seperti diketik di penawaran.xlsx",
    "tahunan[]": "target disepakati setiap tahun periode (lampiran kedua), urut seperti tahun[]",
    "tahunan[].tahun": "tahun",
    "tahunan[].nilai": "target disepakati tahun itu, mis. 1.234,5, atau – bila tidak ada",
    "tahunan[].usulan": "target usulan OPD untuk tahun itu, atau –",
    "tahunan[].berbeda": "ya bila target disepakati berbeda dari usulan OPD tahun itu, kosong bila sama",
    "tahunan[].nilai_berbeda": "nilai bila berbeda dari usulan OPD (untuk dicetak tebal), kosong bila sama",
    "tahunan[].nilai_sama": "nilai bila sama dengan usulan OPD, kosong bila berbeda",
    "tahunan[].dibawa": "ya bila target tahun itu dibawa tanpa perubahan dari pakta sebelumnya (tahun sebelum "
                        "Berlaku Mulai pada pakta perubahan), kosong bila tidak",
    "tahunan[].tanda": "tanda * bila target tahun itu dibawa dari pakta sebelumnya, kosong bila tidak",
}
# every column of the OPD form the pact shows (contract ``shown_in`` PACT) is a row field; one
# without a description above is described by its header
for _f in C.shown_in(C.INDIKATOR_FIELDS + C.INDIKATOR_TAIL_FIELDS, C.PACT):
    _ROW_FIELDS.setdefault(_f.key, f"kolom {_f.label} formulir OPD")

_PERSON_FIELDS: dict[str, str] = {
    "no": "nomor urut saksi",
    "nama": "nama saksi (kosong untuk sel kanan yang tidak terisi)",
    "nama_kapital": "nama saksi dalam huruf kapital (gelar tetap)",
    "nip": "NIP saksi berspasi (hanya Sekretaris Daerah)",
    "jabatan": "jabatan atau instansi saksi",
}

_EXAMPLED: dict[str, str] = {
    "pemda.nama": "nama pemerintah daerah, mis. {pemda}",
    "pemda.nama_kapital": "nama pemerintah daerah dalam huruf kapital",
    "pemda.wilayah": "nama daerah tanpa kata Pemerintah, mis. {wilayah}",
    "kepala_daerah.jabatan": "jabatan kepala daerah, mis. {jabatan}",
    "kepala_daerah.jabatan_kapital": "jabatan kepala daerah dalam huruf kapital",
    "kepala_daerah.nama": "nama kepala daerah seperti ditulis di panel.xlsx",
    "kepala_daerah.nama_kapital": "nama kepala daerah dalam huruf kapital (gelar tetap seperti ditulis)",
    "sekda.nama": "nama Sekretaris Daerah",
    "sekda.nama_kapital": "nama Sekretaris Daerah dalam huruf kapital (gelar tetap)",
    "sekda.nip": "NIP Sekretaris Daerah berspasi, mis. 19630215 198403 1 011",
    "sekda.jabatan": "jabatan Sekretaris Daerah, mis. Sekretaris Daerah {wilayah}",
    "periode.awal": "tahun awal periode",
    "periode.akhir": "tahun akhir periode",
    "periode.teks": "periode, mis. {periode}",
    "tempat": "tempat penandatanganan, mis. {tempat}",
    "tanggal": "tanggal penandatanganan, mis. {tanggal}",
    "tempat_tanggal": "baris tempat dan tanggal, mis. {tempat}, {tanggal}",
    "meterai": "teks kotak meterai: Meterai 6.000 bila ditandatangani sebelum 2021, Meterai 10.000 sejak 2021, "
               "atau Teks Meterai di lembar Pengaturan panel.xlsx",
    "tahun[]": "tahun-tahun periode, mis. {awal} … {akhir} (kepala kolom lampiran kedua)",
    "kolom_tahun[]": "tahun-tahun periode dengan tandanya (kepala kolom lampiran kedua)",
    "kolom_tahun[].tahun": "tahun, mis. 2019",
    "kolom_tahun[].dibawa": "ya bila target tahun itu dibawa dari pakta sebelumnya, kosong bila tidak",
    "kolom_tahun[].tanda": "tanda * bila target tahun itu dibawa dari pakta sebelumnya, kosong bila tidak",
    "versi.nomor": "nomor versi kesepakatan: 1 untuk pakta hasil lelang, 2 untuk Perubahan ke-1, dan seterusnya",
    "versi.perubahan": "nomor perubahan (1 untuk Perubahan ke-1); kosong untuk pakta pertama",
    "versi.judul": "mis. Perubahan ke-1; kosong untuk pakta pertama",
    "versi.judul_kapital": "mis. PERUBAHAN KE-1; kosong untuk pakta pertama",
    "versi.berlaku_mulai": "tahun pertama yang diatur versi ini, mis. 2020 (pakta pertama: tahun awal periode)",
    "versi.alasan": "alasan perubahan, mis. Mutasi pejabat; Lelang Kinerja untuk pakta pertama",
    "versi.tahun_dibawa": "tahun yang targetnya dibawa tanpa perubahan dari pakta sebelumnya, mis. 2019 atau "
                          "2019–2020; kosong bila tidak ada",
    "pernyataan.ada_tawaran": "ya bila Tim Penilai mengajukan tawaran untuk sedikitnya satu indikator OPD ini; "
                              "kosong bila tidak ada tawaran sama sekali (pernyataan butir 2 disesuaikan)",
    "dokumen.judul": "judul dokumen, mis. Pakta Integritas Kesanggupan Target Kinerja — Dinas Kesehatan "
                     "(juga judul di properti berkas)",
    "dokumen.subjek": "subjek dokumen (properti berkas), mis. Lelang Kinerja Periode 2019–2023 — Dinas Kesehatan",
    "dokumen.penerbit": "penerbit dokumen (penulis dan organisasi di properti berkas): nama pemerintah daerah",
    "dokumen.tanggal_iso": "tanggal penandatanganan bentuk ISO, mis. 2018-12-08 (tanggal dibuat di properti berkas)",
    "opd.kode": "kode OPD",
    "opd.nama": "nama OPD menurut daftar OPD di panel.xlsx",
    "opd.nama_kapital": "nama OPD dalam huruf kapital",
    "kepala.nama": "nama kepala OPD seperti ditulis di formulir",
    "kepala.nama_kapital": "nama kepala OPD dalam huruf kapital (gelar tetap seperti ditulis)",
    "kepala.nip": "NIP kepala OPD berspasi, mis. 19680411 199303 1 009",
    "kepala.nip_polos": "NIP kepala OPD tanpa spasi",
    "kepala.pangkat": "pangkat/golongan kepala OPD",
    "kepala.jabatan": "jabatan kepala OPD, mis. Kepala Dinas Kesehatan",
    "saksi[]": "daftar saksi: Sekretaris Daerah lalu setiap anggota Tim Penilai",
    "saksi[].no": "nomor urut saksi",
    "saksi[].nama": "nama saksi",
    "saksi[].nama_kapital": "nama saksi dalam huruf kapital (gelar tetap)",
    "saksi[].nip": "NIP saksi berspasi (hanya Sekretaris Daerah; kosong untuk anggota Tim Penilai)",
    "saksi[].jabatan": "jabatan atau instansi saksi",
    "saksi_baris[]": "saksi berpasangan untuk tata letak dua kolom: Sekretaris Daerah dan saksi kedua, lalu berikutnya",
    **{f"saksi_baris[].{side}.{k}": v for side in ("kiri", "kanan") for k, v in _PERSON_FIELDS.items()},
    "saksi_susun[]": "saksi per baris tanda tangan, paling banyak tiga per baris dan dibagi rata (4 saksi: 2 "
                     "baris berisi 2; 5 atau 6 saksi: 2 baris berisi 3; baris terakhir dilengkapi sel kosong)",
    "saksi_susun[].sel[]": "saksi dalam baris ini, dari kiri ke kanan",
    **{f"saksi_susun[].sel[].{k}": v for k, v in _PERSON_FIELDS.items()},
    "penilai[]": "daftar anggota Tim Penilai (tanpa Sekretaris Daerah)",
    "penilai[].no": "nomor urut anggota",
    "penilai[].nama": "nama anggota Tim Penilai",
    "penilai[].nama_kapital": "nama anggota dalam huruf kapital (gelar tetap)",
    "penilai[].jabatan": "jabatan atau instansi anggota",
    "misi_grup[]": "baris lampiran dikelompokkan per misi, urut seperti daftar misi di panel.xlsx",
    "misi_grup[].no": "nomor urut kelompok misi",
    "misi_grup[].kode": "kode misi",
    "misi_grup[].uraian": "uraian misi",
    "misi_grup[].jumlah": "banyaknya indikator dalam misi ini",
    "misi_grup[].baris[]": "indikator dalam misi ini",
    **{f"misi_grup[].baris[].{k}": v for k, v in _ROW_FIELDS.items()},
    "baris[]": "semua baris lampiran tanpa pengelompokan (atribut sama dengan misi_grup[].baris[])",
    **{f"baris[].{k}": v for k, v in _ROW_FIELDS.items()},
    "jumlah.indikator": "banyaknya indikator",
    "jumlah.tawaran": "banyaknya indikator yang ditawar Tim Penilai",
    "jumlah.sanggup": "banyaknya tawaran yang dijawab Sanggup",
    "jumlah.tidak_sanggup": "banyaknya tawaran yang dijawab Tidak Sanggup",
    "jumlah.tanpa_tawaran": "banyaknya indikator tanpa tawaran",
}


SAMPLE_EXAMPLES = {"pemda": "Pemerintah Kota Malang", "wilayah": "Kota Malang", "jabatan": "Wali Kota Malang",
                   "tempat": "Malang", "periode": "2019–2023", "awal": "2019", "akhir": "2023", "tanggal": "8 Desember 2018"}


def examples(panel=None) -> dict[str, str]:
    """The examples of the field descriptions: ``panel``'s own (its region, head of region, place
    and period) when given, else the bundled sample's (Kota Malang 2019–2023)."""
    ex = dict(SAMPLE_EXAMPLES)
    if panel is not None:
        from ..workbooks.formulir_text import Place

        years = list(panel.years)
        ex.update({k: v for k, v in (("pemda", panel.nama_pemda), ("jabatan", panel.jabatan_kepala_daerah),
                                     ("tempat", panel.tempat)) if v})
        if panel.nama_pemda:
            ex["wilayah"] = Place.named(panel.nama_pemda).city
        if panel.tanggal:
            from ..output.textfmt import date_long

            ex["tanggal"] = date_long(panel.tanggal)
        if years:
            ex.update(periode=f"{years[0]}–{years[-1]}", awal=str(years[0]), akhir=str(years[-1]))
    return ex


def _described(fields: dict[str, str], panel=None) -> dict[str, str]:
    ex = examples(panel)
    return {k: v.format(**ex) if "{" in v else v for k, v in fields.items()}


FIELDS: dict[str, str] = _described(_EXAMPLED)  # with the sample's examples


def pact_fields(panel=None) -> list[tuple[str, str]]:
    """Every field a pact template may use, with its meaning (for ``lelang pact-fields``); the
    examples are ``panel``'s own when given."""
    return list(_described(_EXAMPLED, panel).items())
