"""Build ``templates/rapor_kinerja.docx``, the docxtpl (Jinja) template of the report card
(Rapor Kinerja) of the evaluation round. Reuses the pact template's builders.

    python templates/build_rapor_template.py [output.docx]

A4 portrait: letterhead, title, identity, summary, one row per indicator, the
explanations of missed targets, place and date, the head of region's signature and the
OPD head's acknowledgement. Fields: ``lelang pact-fields --rapor``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import build_pakta_template as P  # noqa: E402

from lelang_xlsx.output.zipnorm import normalize  # noqa: E402

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
    n = len(COLS)
    t = doc.add_table(rows=4, cols=n)
    P._borders(t, size=4)
    P._cell_margins(t, top=0.04, bottom=0.04, left=0.06, right=0.06)
    head, open_, item, close = t.rows
    for (label, _, _), cell in zip(COLS, head.cells):
        P._first_para(cell, label, style="Kepala Tabel")
        P._shade(cell, "D9D9D9")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    P._row_flag(head, "tblHeader")
    for row, tag in ((open_, "{%tr for b in baris %}"), (close, "{%tr endfor %}")):
        P._first_para(row.cells[0].merge(row.cells[n - 1]), tag, style="Isi Tabel")
    texts = ["{{ b.no }}", "{{ b.indikator }}", "{{ b.satuan }}", "{{ b.target }}", "{{ b.realisasi }}",
             "{{ b.capaian }}", "{{ b.kategori }}", "{{ b.poin_dasar }}", "{{ b.bobot }}", "{{ b.poin }}"]
    for (_, _, align), cell, text in zip(COLS, item.cells, texts):
        P._first_para(cell, text, style="Isi Tabel", align=align)
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


def _footer(section) -> None:
    p = section.footer.paragraphs[0]
    r = p.add_run("Rapor Kinerja {{ tahun }} — {{ opd.nama }}")
    r.italic = True
    r.font.size = P.Pt(8)
    p.add_run("\t")
    r2 = p.add_run("Halaman ")
    r2.font.size = P.Pt(8)
    P._field(p, "PAGE")
    P._tab_stop_right(p, 21.0 - LEFT - RIGHT)


def _drop_styles_with_effects(path: Path) -> None:
    """python-docx's default package carries word/stylesWithEffects.xml, which no longer
    matches styles.xml once styles are added (Word then repairs the file): drop it."""
    name = "word/stylesWithEffects.xml"
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist() if info.filename != name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override[^>]*PartName="/word/stylesWithEffects.xml"[^>]*/>', b"", data)
            elif info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship[^>]*Target="stylesWithEffects.xml"[^>]*/>', b"", data)
            zout.writestr(info, data)


def build(out: Path = OUT) -> Path:
    doc = Document()
    P._styles(doc)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(1.75), Cm(1.75)
    sec.left_margin, sec.right_margin = Cm(LEFT), Cm(RIGHT)
    sec.header_distance, sec.footer_distance = Cm(1.25), Cm(1.0)
    _heading(doc)
    _identity(doc)
    _summary(doc)
    _indicators(doc)
    _explanations(doc)
    _signatures(doc)
    _footer(sec)
    cp = doc.core_properties
    cp.title, cp.subject, cp.author = "Rapor Kinerja", "Evaluasi Lelang Kinerja", "Sekretariat Lelang Kinerja"
    cp.comments = "Templat docxtpl (Jinja). Daftar field: perintah `lelang pact-fields --rapor`."
    cp.language, cp.revision = "id-ID", 1
    cp.created = cp.modified = dt.datetime(2019, 12, 1)
    P._reorder(doc.element)
    P._reorder(sec.footer._element)
    P._reorder(doc.styles.element)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".tmp-" + out.name)
    doc.save(tmp)
    _drop_styles_with_effects(tmp)
    normalize(tmp)
    tmp.replace(out)
    return out


if __name__ == "__main__":
    print(f"Templat ditulis: {build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)}")
