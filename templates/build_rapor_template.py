"""Build ``templates/rapor_kinerja.docx``, the docxtpl (Jinja) template of the report card
(Rapor Kinerja) of the evaluation round. Reuses the pact template's builders.

    python templates/build_rapor_template.py [output.docx]

A4 portrait: letterhead, title, identity, summary, one row per indicator, the
explanations of missed targets, place and date, the head of region's signature and the
OPD head's acknowledgement. Fields: ``lelang pact-fields --rapor``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_pakta_template as P  # noqa: E402
import docx_build as D  # noqa: E402

OUT = HERE / "rapor_kinerja.docx"
LEFT, RIGHT = 2.5, 2.0
C = WD_ALIGN_PARAGRAPH.CENTER
COLS = [("No", 0.6, C), ("Indikator Kinerja", 5.8, None), ("Satuan", 1.3, C), ("Target", 1.3, C),
        ("Realisasi", 1.4, C), ("Capaian (%)", 1.4, C), ("Kategori Capaian", 1.5, C), ("Poin Dasar", 1.0, C),
        ("Bobot", 1.1, C), ("Poin", 1.0, C)]


def _heading(doc) -> None:
    p = P._para(doc, "{{ pemda.nama_kapital }}", style="Judul Pakta", after=2)
    P._bottom_rule(p)
    P._para(doc, "RAPOR KINERJA TAHUN {{ tahun }}", style="Judul Pakta", before=4)
    P._para(doc, "{{ opd.nama_kapital }}", style="Judul Pakta", after=8)


def _pairs(doc, rows, widths=(5.0, 0.5, 10.5)):
    t = doc.add_table(rows=len(rows), cols=3)
    P._borders(t, kinds=())
    P._cell_margins(t, top=0.02, bottom=0.02, left=0.0, right=0.1)
    for (label, value), row in zip(rows, t.rows):
        P._first_para(row.cells[0], label)
        P._first_para(row.cells[1], ":", align=C)
        P._first_para(row.cells[2], value)
    P._fixed_layout(t, list(widths))
    return t


def _identity(doc) -> None:
    P._para(doc, "A. Identitas", bold=True, after=4)
    _pairs(doc, [("Perangkat Daerah", "{{ opd.nama }} ({{ opd.kode }})"),
                 ("Kepala Perangkat Daerah", "{{ kepala.nama }}, NIP {{ kepala.nip }}, {{ kepala.pangkat }}"),
                 ("Penanda tangan pakta", "{{ pakta.nama }}; periode RPJMD {{ periode.teks }}")])
    P._para(doc, "{%p if catatan_kepala %}")
    P._para(doc, "Catatan: {{ catatan_kepala }}", style="Isi Pakta", size=10, italic=True, before=4)
    P._para(doc, "{%p endif %}")


def _summary(doc) -> None:
    P._para(doc, "B. Ringkasan", bold=True, before=6, after=3)
    t = doc.add_table(rows=2, cols=6)
    P._borders(t, size=4)
    P._cell_margins(t, top=0.06, bottom=0.06)
    heads = ["Capaian rata-rata", "Kategori Capaian", "Poin penghargaan / sanksi / bersih", "Poin per indikator",
             "Peringkat", "Insentif"]
    values = ["{{ ringkasan.capaian }}", "{{ ringkasan.kategori }}",
              "{{ ringkasan.penghargaan }} / {{ ringkasan.sanksi }} / {{ ringkasan.bersih }}",
              "{{ ringkasan.poin_per_indikator }}", "ke-{{ ringkasan.peringkat }} dari {{ ringkasan.jumlah_opd }}",
              "{{ ringkasan.insentif }}"]
    for cell, h in zip(t.rows[0].cells, heads):
        P._first_para(cell, h, style="Kepala Tabel")
        P._shade(cell, "D9D9D9")
    for cell, v in zip(t.rows[1].cells, values):
        P._first_para(cell, v, align=C, bold=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    P._fixed_layout(t, [2.6, 2.6, 3.6, 2.4, 2.7, 2.6])
    P._para(doc, "{{ ringkasan.tercapai }} dari {{ ringkasan.jumlah_indikator }} indikator mencapai atau melampaui "
                 "target tahun {{ tahun }}. {{ rumus.peringkat }} Nilai {{ ringkasan.dasar_peringkat }} OPD ini: "
                 "{{ ringkasan.nilai_peringkat }}.", style="Isi Pakta", size=10, before=4)
    P._para(doc, "Insentif menurut poin per indikator (poin bersih ÷ jumlah indikator): {{ rumus.insentif }}.",
            style="Isi Pakta", size=10)


def _indicators(doc) -> None:
    P._para(doc, "C. Capaian per Indikator", bold=True, before=6, after=3, keep_next=True)
    texts = ["{{ b.no }}", "{{ b.indikator }}", "{{ b.satuan }}", "{{ b.target }}", "{{ b.realisasi }}",
             "{{ b.capaian }}", "{{ b.kategori }}", "{{ b.poin_dasar }}", "{{ b.bobot }}", "{{ b.poin }}"]
    t = D.loop_table(doc, COLS, "b in baris", texts, side=0.06)
    item = t.rows[2]
    P._para(item.cells[1], "{{ b.kode }} · {{ b.polaritas }} · {{ b.keputusan }}", style="Isi Tabel", italic=True)
    P._para(item.cells[1], "{{ b.pembanding }}", style="Isi Tabel", italic=True, size=7)
    P._row_flag(item, "cantSplit")
    P._fixed_layout(t, [w for _, w, _ in COLS])
    P._para(doc, "Cara menghitung. Capaian Naik = {{ rumus.naik }}; Turun = {{ rumus.turun }}; Tetap = "
                 "{{ rumus.tetap }}. {{ rumus.batas }}. Kategori Capaian: {{ rumus.kategori }}. Poin dasar (lembar "
                 "Poin): {{ rumus.poin }}. Bobot keputusan: {{ rumus.bobot }}. Poin = poin dasar × bobot; poin "
                 "bersih = jumlah poin semua indikator.", size=7, italic=True, before=2)


def _explanations(doc) -> None:
    P._para(doc, "D. Penjelasan Target yang Tidak Tercapai", bold=True, before=6, after=3, keep_next=True)
    P._para(doc, "{%p if penjelasan %}")
    P._para(doc, "{%p for c in penjelasan %}")
    P._para(doc, "{{ c.no }}.\t{{ c.indikator }} ({{ c.kode }}), capaian {{ c.capaian }}. Penjelasan: "
                 "{{ c.penjelasan }} Upaya perbaikan: {{ c.upaya }}", style="Butir Pakta", size=10)
    P._para(doc, "{%p endfor %}")
    P._para(doc, "{%p else %}")
    P._para(doc, "Semua target tahun {{ tahun }} tercapai.", style="Isi Pakta")
    P._para(doc, "{%p endif %}")


def _signatures(doc) -> None:
    P._para(doc, "", after=4)
    t = doc.add_table(rows=1, cols=2)
    P._borders(t, kinds=())
    left, right = t.rows[0].cells
    P._first_para(left, " ", align=C)
    P._para(left, "Telah menerima,", align=C)
    P._para(left, "{{ kepala.jabatan }},", align=C, after=40)
    P._para(left, "{{ kepala.nama_kapital }}", align=C, bold=True, underline=True)
    P._para(left, "NIP. {{ kepala.nip }}", align=C)
    P._first_para(right, "{{ tempat_tanggal }}", align=C)
    P._para(right, "{{ kepala_daerah.jabatan }},", align=C, after=54)
    P._para(right, "{{ kepala_daerah.nama_kapital }}", align=C, bold=True, underline=True)
    P._fixed_layout(t, [8.25, 8.25])
    P._row_flag(t.rows[0], "cantSplit")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER


def build(out: Path = OUT) -> Path:
    doc, sec = D.a4_portrait(1.75, 1.75, LEFT, RIGHT)
    _heading(doc)
    _identity(doc)
    _summary(doc)
    _indicators(doc)
    _explanations(doc)
    _signatures(doc)
    D.footer(sec, "Rapor Kinerja {{ tahun }} — {{ opd.nama }}", 21.0 - LEFT - RIGHT, of_total=False)
    return D.save(doc, sec, out, "Rapor Kinerja", "Evaluasi Lelang Kinerja", "--rapor", dt.datetime(2019, 12, 1))


if __name__ == "__main__":
    print(f"Templat ditulis: {build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)}")
