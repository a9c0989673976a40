"""Build ``templates/perjanjian_kinerja.docx``, the docxtpl (Jinja) template of the yearly
Perjanjian Kinerja (PermenPAN-RB 53/2014 format). Reuses the pact template's builders.

    python templates/build_pk_template.py [output.docx]

A4 portrait. Page 1: the government's name, the title (PERJANJIAN KINERJA [PERUBAHAN]
TAHUN Y) and the OPD, the statement of purpose, pihak pertama and pihak kedua, the
promise and the responsibilities, place and date, the signatures (pihak kedua left,
pihak pertama right, names in capitals, NIP under the OPD head). Then the Lampiran: the
targets table, the programme and budget table with its Jumlah, the same signatures.
Footer: ``Halaman N dari M``. Fields: ``lelang pact-fields --pk``.
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

OUT = HERE / "perjanjian_kinerja.docx"
LEFT, RIGHT = 2.5, 2.0
WIDTH = 21.0 - LEFT - RIGHT
C, R, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
TARGET_COLS = [("No", 0.9, C), ("Sasaran Strategis", 4.6, None), ("Indikator Kinerja", 5.8, None),
               ("Satuan", 2.3, C), ("Target {{ tahun }}", 2.9, C)]
PROGRAM_COLS = [("No", 0.9, C), ("Program / Kegiatan", 7.4, None), ("Anggaran (Rp)", 3.6, R),
                ("Keterangan", 4.6, None)]


def _heading(doc) -> None:
    p = P._para(doc, "{{ pemda.nama_kapital }}", style="Judul Pakta", after=2)
    P._bottom_rule(p)
    P._para(doc, "", after=6)
    P._para(doc, "{{ judul }}", style="Judul Pakta")
    P._para(doc, "{{ opd.nama_kapital }}", style="Judul Pakta", after=14)


def _parties(doc) -> None:
    P._para(doc, "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
                 "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:", style="Isi Pakta", after=8)
    for who, role in (("pihak_pertama", "selanjutnya disebut pihak pertama."),
                      ("pihak_kedua", "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")):
        t = doc.add_table(rows=2, cols=3)
        P._borders(t, kinds=())
        P._cell_margins(t, top=0.02, bottom=0.02, left=0.0, right=0.1)
        for row, (label, value) in zip(t.rows, (("Nama", f"{{{{ {who}.nama }}}}"), ("Jabatan", f"{{{{ {who}.jabatan }}}}"))):
            P._first_para(row.cells[0], label, style="Isi Pakta Rapat")
            P._first_para(row.cells[1], ":", style="Isi Pakta Rapat", align=C)
            P._first_para(row.cells[2], value, style="Isi Pakta Rapat")
        P._fixed_layout(t, [3.0, 0.6, WIDTH - 3.6])
        P._para(doc, role, style="Isi Pakta", before=4, after=8)


def _promise(doc) -> None:
    P._para(doc, "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
                 "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
                 "Pakta Integritas Kesanggupan Target Kinerja periode {{ periode.teks }}{{ kesepakatan.teks }}. "
                 "Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
            style="Isi Pakta", after=8)
    P._para(doc, "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
                 "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian "
                 "penghargaan dan sanksi.", style="Isi Pakta", after=8)
    P._para(doc, "{%p if perubahan.ada %}")
    P._para(doc, "{{ perubahan.teks }}", style="Isi Pakta", italic=True, after=8)
    P._para(doc, "{%p endif %}")


def _signatures(doc) -> None:
    """One row per line, so the two names stand on the same line whatever the jabatan's length."""
    P._para(doc, "{{ tempat_tanggal }}", align=R, before=6, after=6, keep_next=True)
    lines = [("Pihak Kedua,", "Pihak Pertama,", {}), ("{{ pihak_kedua.jabatan }},", "{{ pihak_pertama.jabatan }},", {}),
             ("", "", {"size": 40}),
             ("{{ pihak_kedua.nama_kapital }}", "{{ pihak_pertama.nama_kapital }}", {"bold": True, "underline": True}),
             ("", "{{ pihak_pertama.pangkat }}", {}), ("", "NIP. {{ pihak_pertama.nip }}", {})]
    t = doc.add_table(rows=len(lines), cols=2)
    P._borders(t, kinds=())
    P._cell_margins(t, top=0.0, bottom=0.0, left=0.1, right=0.1)
    for row, (left, right, kw) in zip(t.rows, lines):
        for cell, text in zip(row.cells, (left, right)):
            P._first_para(cell, text, align=C, keep_next=True, **kw)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        P._row_flag(row, "cantSplit")
    P._fixed_layout(t, [WIDTH / 2, WIDTH / 2])
    t.alignment = WD_TABLE_ALIGNMENT.CENTER


def _table(doc, cols, loop: str, cells: list[str]):
    """A table: header (repeated on each page), the loop's rows; returns it."""
    t = D.loop_table(doc, cols, loop, cells)
    P._row_flag(t.rows[2], "cantSplit")
    return t


def _lampiran(doc) -> None:
    doc.add_page_break()
    P._para(doc, "LAMPIRAN {{ judul }}", style="Judul Pakta")
    P._para(doc, "{{ opd.nama_kapital }}", style="Judul Pakta", after=8)
    P._para(doc, "Lampiran ini merupakan bagian yang tidak terpisahkan dari {{ judul_biasa }} {{ opd.nama }}.",
            style="Isi Pakta", after=8)
    P._para(doc, "1. Sasaran Strategis, Indikator Kinerja dan Target", bold=True, after=4, keep_next=True)
    t = _table(doc, TARGET_COLS, "s in sasaran", ["{{ s.no }}", "{{ s.sasaran }}", "{{ s.indikator }}",
                                                  "{{ s.satuan }}", "{{ s.target }}"])
    P._fixed_layout(t, [w for _, w, _ in TARGET_COLS])
    P._para(doc, "Target diambil dari kesepakatan yang berlaku untuk tahun {{ tahun }} ({{ kesepakatan.judul }}).",
            size=9, italic=True, before=2, after=10)
    P._para(doc, "2. Program dan Anggaran", bold=True, after=4, keep_next=True)
    t = _table(doc, PROGRAM_COLS, "p in program", ["{{ p.no }}", "{{ p.program }}", "{{ p.anggaran }}",
                                                   "{{ p.keterangan }}"])
    item = t.rows[2]
    P._para(item.cells[1], "{{ p.kegiatan }}", style="Isi Tabel", italic=True)
    total = t.add_row()
    c = total.cells[0].merge(total.cells[1])
    P._first_para(c, "Jumlah", style="Isi Tabel", bold=True, align=R)
    P._first_para(total.cells[2], "{{ jumlah_anggaran }}", style="Isi Tabel", bold=True, align=R)
    for cell in {id(c._tc): c for c in total.cells}.values():  # the merged cell once
        P._shade(cell, "F2F2F2")
    P._row_flag(total, "cantSplit")
    P._fixed_layout(t, [w for _, w, _ in PROGRAM_COLS])
    P._para(doc, "Anggaran menurut DPA tahun {{ tahun }} sebagaimana dilaporkan {{ opd.nama }}.", size=9, italic=True,
            before=2, after=6, keep_next=True)
    _signatures(doc)


def build(out: Path = OUT) -> Path:
    doc, sec = D.a4_portrait(2.0, 1.75, LEFT, RIGHT)
    _heading(doc)
    _parties(doc)
    _promise(doc)
    _signatures(doc)
    _lampiran(doc)
    D.footer(sec, "{{ judul_biasa }} — {{ opd.nama }}", WIDTH, of_total=True)
    return D.save(doc, sec, out, "Perjanjian Kinerja", "Perjanjian Kinerja Tahunan", "--pk", dt.datetime(2019, 1, 2))


if __name__ == "__main__":
    print(f"Templat ditulis: {build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)}")
