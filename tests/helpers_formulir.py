"""Helpers for the OPD workbook writer tests: a filled DINKES-like workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lelang_xlsx.workbooks.formulir import FilledData
from lelang_xlsx.model import Panel


def filled_example(panel: Panel, **identity: Any) -> FilledData:
    """A small valid submission (two indicators, two figures each) for ``panel``."""
    years = list(panel.years)
    ident = {
        "kode_opd": "DINKES",
        "nama_opd": "Dinas Kesehatan",
        "nama_kepala": "dr. Hendra Kusuma, M.Kes.",
        "nip_kepala": "19690723 199503 1 004",
        "pangkat": "Pembina Utama Muda (IV/c)",
        "jabatan": "Kepala Dinas Kesehatan Kota Malang",
        "petugas": "Dewi Anggraini",
        "kontak": "0341-406878",
        "tanggal": dt.date(2018, 11, 6),
    }
    ident.update(identity)
    aki = {
        "no": 1, "kode": "DINKES-01", "misi": next(iter(panel.missions), "M1"),
        "sasaran": "Meningkatnya derajat kesehatan ibu dan anak", "program": "Program Upaya Kesehatan Masyarakat",
        "indikator": "Angka Kematian Ibu", "cara": "Kematian ibu ÷ kelahiran hidup × 100.000",
        "satuan": "per 100.000 KH", "polaritas": "Turun", "tahun_dasar": years[0] - 2, "nilai_dasar": 59.3,
        "sumber": "Profil Kesehatan Kota Malang 2017",
    }
    jkn = {
        "no": 2, "kode": "DINKES-02", "misi": next(iter(panel.missions), "M1"),
        "sasaran": "Meningkatnya akses pelayanan kesehatan", "program": "Program Jaminan Kesehatan Masyarakat",
        "indikator": "Persentase penduduk yang memiliki jaminan kesehatan", "cara": "Peserta JKN ÷ penduduk × 100",
        "satuan": "%", "polaritas": "Naik", "tahun_dasar": years[0] - 2, "nilai_dasar": 74.5,
        "sumber": "BPJS Kesehatan Cabang Malang 2017",
    }
    n = len(years)
    for i, y in enumerate(years, start=1):
        aki[f"target_{y}"] = round(59.3 - (59.3 - 44) * i / n, 1)
        jkn[f"target_{y}"] = round(74.5 + (95 - 74.5) * i / n, 1)
    figures = [
        {"kode": "DINKES-01", "uraian": "Jumlah ibu hamil", "rincian": "Kecamatan Klojen", "tahun": 2017,
         "nilai": 1402, "satuan": "orang", "sumber": "Profil Kesehatan Kota Malang 2017"},
        {"kode": "DINKES-01", "uraian": "Ibu hamil usia kandungan 8 bulan", "rincian": "Total", "tahun": 2017,
         "nilai": 1228, "satuan": "orang", "sumber": "Profil Kesehatan Kota Malang 2017"},
        {"kode": "DINKES-02", "uraian": "Peserta JKN", "rincian": "PBI APBD", "tahun": 2017,
         "nilai": 42310, "satuan": "orang", "sumber": "BPJS Kesehatan Cabang Malang 2017"},
        {"kode": "DINKES-02", "uraian": "Jumlah penduduk", "rincian": "Total", "tahun": 2017,
         "nilai": 874890, "satuan": "orang", "sumber": "BPS Kota Malang"},
    ]
    return FilledData(ident, [aki, jkn], figures)
