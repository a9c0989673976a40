"""Build ``templates/pakta_integritas.docx``, the docxtpl (Jinja) template of the pact.

The .docx is committed; the secretariat may edit it in Word or LibreOffice Writer. Run
this script only to regenerate the stock template from scratch:

    python templates/build_pakta_template.py [output.docx]

Layout: A4 portrait statement page(s) (heading, signer identity, commitment, place and
date, signatures, witnesses), then a landscape section with the attachment table whose
header rows repeat on every page. The fields a template may use are listed by
``lelang pact-fields`` (``lelang_xlsx.documents.pacts.FIELDS``).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lelang_xlsx.documents.pacts import drop_stale_parts

FONT = "Times New Roman"
OUT = Path(__file__).resolve().parent / "pakta_integritas.docx"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Company>Pemerintah Daerah</Company><DocSecurity>0</DocSecurity></Properties>")

# Attachment columns: (header, sub-header, width in cm). Sum = landscape text width.
LAMPIRAN_COLS = [
    ("No", "", 0.9),
    ("Misi", "", 1.3),
    ("Sasaran Strategis", "", 3.4),
    ("Indikator Kinerja", "", 3.9),
    ("Satuan", "", 1.9),
    ("Polaritas", "", 1.6),
    ("Nilai Dasar", "(tahun)", 1.9),
    ("Usulan", "(nilai, tahun)", 2.0),
    ("Tawaran", "(nilai, tahun)", 2.0),
    ("Keputusan", "", 2.0),
    ("Target Disepakati", "(nilai, tahun)", 2.1),
    ("Catatan", "", 2.7),
]
# The agreed yearly targets: fixed columns, then one column per year of the period (the
# year columns share what is left of the text width).
YEARLY_COLS = [
    ("No", "", 0.9),
    ("Indikator Kinerja", "", 7.4),
    ("Satuan", "", 2.2),
    ("Polaritas", "", 1.7),
    ("Nilai Dasar", "(tahun)", 2.2),
]
LANDSCAPE_MARGIN = 2.0  # cm on every side -> 29.7 - 4.0 = 25.7 cm of text width
PORTRAIT_LEFT, PORTRAIT_RIGHT = 2.5, 2.0  # cm -> 16.5 cm of text width
PORTRAIT_TOP, PORTRAIT_BOTTOM = 1.5, 1.6
TEXT_WIDTH = 21.0 - PORTRAIT_LEFT - PORTRAIT_RIGHT


# ---------------------------------------------------------------- low-level helpers

def _set_fonts(rpr_owner, name: str = FONT) -> None:
    """Name the font for every script (Latin, East Asian, complex) of a style or run."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _borders(tbl, size: int = 4, kinds=("top", "left", "bottom", "right", "insideH", "insideV"), val="single") -> None:
    tblPr = tbl._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    b = OxmlElement("w:tblBorders")
    for kind in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{kind}")
        if kind in kinds:
            e.set(qn("w:val"), val)
            e.set(qn("w:sz"), str(size))
            e.set(qn("w:space"), "0")
            e.set(qn("w:color"), "000000")
        else:
            e.set(qn("w:val"), "nil")
        b.append(e)
    tblPr.append(b)


def _fixed_layout(tbl, widths_cm: list[float]) -> None:
    """Fixed column widths (grid, every cell, total table width)."""
    tbl.autofit = False  # <w:tblLayout w:type="fixed"/>
    tblPr = tbl._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths_cm)))
    for col, w in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in tbl.rows:
        for idx, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[idx])


def _cell_margins(tbl, top=0.05, bottom=0.05, left=0.1, right=0.1) -> None:
    tblPr = tbl._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(int(Cm(v).twips)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    tblPr.append(mar)


def _shade(cell, fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def _row_flag(row, tag: str) -> None:
    """Add an on/off row property: ``tblHeader`` (repeat on each page) or ``cantSplit``."""
    trPr = row._tr.get_or_add_trPr()
    e = OxmlElement(f"w:{tag}")
    trPr.append(e)


def _mark_size(p, size: float) -> None:
    """The font size of an empty paragraph's mark (which sets the paragraph's height)."""
    pPr = p._p.get_or_add_pPr()
    rPr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        e = OxmlElement(tag)
        e.set(qn("w:val"), str(int(size * 2)))
        rPr.append(e)
    pPr.append(rPr)


def _para(container, text: str = "", style: str | None = None, align=None, bold=False,
          italic=False, size: float | None = None, before: float = 0, after: float = 0,
          keep_next: bool = False, underline: bool = False, caps: bool = False):
    p = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    if text:
        r = p.add_run(text)
        r.bold = bold or None
        r.italic = italic or None
        r.underline = underline or None
        if caps:
            r.font.all_caps = True
        if size:
            r.font.size = Pt(size)
    elif size:
        _mark_size(p, size)
    return p


def _first_para(cell, text="", **kw):
    """Write into the cell's existing empty first paragraph (a cell always has one)."""
    p = cell.paragraphs[0]
    if kw.get("style"):
        p.style = kw["style"]
    if kw.get("align") is not None:
        p.alignment = kw["align"]
    pf = p.paragraph_format
    pf.space_before = Pt(kw.get("before", 0))
    pf.space_after = Pt(kw.get("after", 0))
    if kw.get("keep_next"):
        pf.keep_with_next = True
    if text:
        r = p.add_run(text)
        r.bold = kw.get("bold") or None
        r.italic = kw.get("italic") or None
        r.underline = kw.get("underline") or None
        if kw.get("size"):
            r.font.size = Pt(kw["size"])
    elif kw.get("size"):
        _mark_size(p, kw["size"])
    return p


def _bottom_rule(paragraph, size: int = 12) -> None:
    """A horizontal rule under a paragraph (the letterhead line)."""
    pPr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    pPr.append(bdr)


def _field(paragraph, instr: str, placeholder: str = "1") -> None:
    """A simple field (PAGE, NUMPAGES) in a paragraph."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _tab_stop_right(paragraph, pos_cm: float) -> None:
    """One right tab stop at ``pos_cm``; the Footer style's own stops are cleared."""
    pPr = paragraph._p.get_or_add_pPr()
    tabs = OxmlElement("w:tabs")
    for pos in (4680, 9360):  # python-docx's Footer style: center 8.25 cm, right 16.5 cm
        clear = OxmlElement("w:tab")
        clear.set(qn("w:val"), "clear")
        clear.set(qn("w:pos"), str(pos))
        tabs.append(clear)
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(int(Cm(pos_cm).twips)))
    tabs.append(tab)
    pPr.append(tabs)


# ---------------------------------------------------------------- styles

def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _set_fonts(normal.element)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Document defaults too, so tables and new styles inherit the font.
    rpr_default = doc.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        fonts = rpr_default.find(".//" + qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
    # Language: Indonesian (spelling, hyphenation).
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(lang)

    def pstyle(name, size, bold=False, align=None, after=0.0, before=0.0, base="Normal"):
        s = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = doc.styles[base]
        s.font.size = Pt(size)
        s.font.bold = bold or None
        s.quick_style = True
        if align is not None:
            s.paragraph_format.alignment = align
        s.paragraph_format.space_after = Pt(after)
        s.paragraph_format.space_before = Pt(before)
        return s

    pstyle("Judul Pakta", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    s = pstyle("Isi Pakta", 11, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    s.paragraph_format.line_spacing = 1.0
    s = pstyle("Butir Pakta", 11, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=1, base="Isi Pakta")
    s.paragraph_format.left_indent = Cm(0.75)
    s.paragraph_format.first_line_indent = Cm(-0.75)
    s.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
    s = pstyle("Isi Pakta Rapat", 11, after=0, base="Isi Pakta")
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    s.paragraph_format.line_spacing = 1.0
    pstyle("Isi Tabel", 9)
    pstyle("Kepala Tabel", 9, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    pstyle("Tanda Tangan", 11)
    pstyle("Saksi", 10)


# ---------------------------------------------------------------- page 1: the statement

def _heading(doc) -> None:
    p = _para(doc, "{{ pemda.nama_kapital }}", style="Judul Pakta", after=12)
    _bottom_rule(p)
    _para(doc, "PAKTA INTEGRITAS", style="Judul Pakta")
    _para(doc, "KESANGGUPAN TARGET KINERJA", style="Judul Pakta")
    # an amendment (version 2 on): its title, and what it changes from which year
    _para(doc, "{%p if versi.perubahan %}", style="Judul Pakta")
    _para(doc, "{{ versi.judul_kapital }}", style="Judul Pakta")
    _para(doc, "{%p endif %}", style="Judul Pakta")
    _para(doc, "PERIODE {{ periode.teks }}", style="Judul Pakta", after=8)
    _para(doc, "{%p if versi.perubahan %}", style="Isi Pakta")
    _para(doc, "{{ versi.judul }} atas Pakta Integritas {{ opd.nama }}, berlaku mulai tahun "
               "{{ versi.berlaku_mulai }} (alasan perubahan: {{ versi.alasan }}).{% if versi.tahun_dibawa %} Target "
               "tahun {{ versi.tahun_dibawa }} tetap seperti dalam pakta sebelumnya, ditandai (*) dalam "
               "Lampiran.{% endif %}", style="Isi Pakta", after=4)
    _para(doc, "{%p endif %}", style="Isi Pakta")


def _identity(doc) -> None:
    _para(doc, "Yang bertanda tangan di bawah ini:", style="Isi Pakta", after=2)
    rows = [
        ("Nama", "{{ kepala.nama }}"),
        ("NIP", "{{ kepala.nip }}"),
        ("Pangkat/Golongan", "{{ kepala.pangkat }}"),
        ("Jabatan", "{{ kepala.jabatan }}"),
        ("Instansi", "{{ opd.nama }}"),
    ]
    t = doc.add_table(rows=len(rows), cols=3)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(t, kinds=())
    _cell_margins(t, top=0.0, bottom=0.0, left=0.0, right=0.1)
    for (label, value), row in zip(rows, t.rows):
        _first_para(row.cells[0], label, style="Isi Pakta Rapat")
        _first_para(row.cells[1], ":", align=WD_ALIGN_PARAGRAPH.CENTER, style="Isi Pakta Rapat")
        _first_para(row.cells[2], value, style="Isi Pakta Rapat")
    _fixed_layout(t, [4.0, 0.5, TEXT_WIDTH - 0.75 - 4.5])
    # indent the identity block a little from the margin
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(Cm(0.75).twips)))
    ind.set(qn("w:type"), "dxa")
    t._tbl.tblPr.append(ind)


# The commitments, numbered by Word (a paragraph left out renumbers the rest). Each is
# (condition or None, text); variants of one item share a condition chain:
# ("if", …), ("elif", …), ("else", None).
COMMITMENTS = [
    [("if", "versi.perubahan",
      "telah menerima dan memahami target kinerja {{ opd.nama }} hasil Lelang Kinerja {{ pemda.nama }} "
      "beserta perubahannya sebagaimana tercantum dalam Lampiran Pakta Integritas ini;"),
     ("else", None,
      "telah mengikuti Lelang Kinerja {{ pemda.nama }} dan memaparkan titik nol, titik akhir, "
      "serta data pendukung indikator kinerja {{ opd.nama }} di hadapan {{ kepala_daerah.jabatan }}, "
      "Sekretaris Daerah, dan Tim Penilai;")],
    [("if", "not pernyataan.ada_tawaran",
      "Tim Penilai tidak mengajukan tawaran atas target kinerja {{ opd.nama }}; target yang berlaku "
      "adalah target usulan {{ opd.nama }} sendiri sebagaimana tercantum dalam Lampiran Pakta Integritas ini;"),
     ("elif", "versi.perubahan",
      "tawaran Tim Penilai dan keputusan atas setiap tawaran sebagaimana tercantum dalam Lampiran Pakta "
      "Integritas ini saya terima sebagai bagian dari kesepakatan;"),
     ("else", None,
      "target kinerja yang tercantum dalam Lampiran Pakta Integritas ini telah ditawarkan oleh "
      "Tim Penilai dan telah saya jawab satu per satu;")],
    [("if", "pernyataan.ada_tawaran",
      "sanggup mencapai setiap target yang dalam Lampiran diberi keputusan Sanggup, sebesar "
      "nilai dan paling lambat pada tahun yang tercantum dalam kolom Target Disepakati, serta "
      "target setiap tahun yang tercantum dalam tabel Target Tahunan yang Disepakati;"),
     ("else", None,
      "sanggup mencapai setiap target yang tercantum dalam kolom Target Disepakati, sebesar nilai dan "
      "paling lambat pada tahun yang tercantum, serta target setiap tahun yang tercantum dalam tabel "
      "Target Tahunan yang Disepakati;")],
    [("if", "pernyataan.ada_tawaran",
      "untuk target yang saya jawab Tidak Sanggup, penolakan tersebut dicatat dalam Lampiran "
      "dan target yang berlaku bagi saya adalah yang tercantum dalam kolom Target Disepakati;")],
    [(None, None,
      "bersedia menerima poin penghargaan (reward) maupun poin sanksi (punishment) yang timbul "
      "dari capaian target tersebut, sebagaimana diatur dalam Peraturan {{ kepala_daerah.jabatan }};")],
    [(None, None,
      "bersedia menerima konsekuensi sesuai ketentuan peraturan perundang-undangan apabila "
      "melanggar komitmen yang saya nyatakan dalam Pakta Integritas ini.")],
]
COMMITMENT_NUM_ID = 90  # the numbering of the commitments (word/numbering.xml)


def _commitment_numbering(doc) -> None:
    """A decimal list "1." with a hanging indent of 0.75 cm for the commitments."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(COMMITMENT_NUM_ID))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "singleLevel")
    abstract.append(multi)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:suff", "tab"), ("w:lvlText", "%1."),
                     ("w:lvlJc", "left")):
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        lvl.append(e)
    ppr = OxmlElement("w:pPr")
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "num")
    tab.set(qn("w:pos"), str(int(Cm(0.75).twips)))
    tabs.append(tab)
    ppr.append(tabs)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(int(Cm(0.75).twips)))
    ind.set(qn("w:hanging"), str(int(Cm(0.75).twips)))
    ppr.append(ind)
    lvl.append(ppr)
    abstract.append(lvl)
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)  # every abstractNum comes before the first num
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(COMMITMENT_NUM_ID))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(COMMITMENT_NUM_ID))
    num.append(ref)
    numbering.append(num)


def _numbered(p) -> None:
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", "0"), ("w:numId", str(COMMITMENT_NUM_ID))):
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        numpr.append(e)
    p._p.get_or_add_pPr().append(numpr)


def _statement(doc) -> None:
    _para(doc, "dengan ini menyatakan bahwa saya:", style="Isi Pakta", before=6, after=2)
    _commitment_numbering(doc)
    for variants in COMMITMENTS:
        for kind, cond, text in variants:
            if kind is not None:
                _para(doc, "{%%p %s %%}" % (f"{kind} {cond}" if cond else kind), style="Butir Pakta")
            _numbered(_para(doc, text, style="Butir Pakta"))
        if variants[0][0] is not None:
            _para(doc, "{%p endif %}", style="Butir Pakta")


def _block(container, width: float):
    """A borderless one-cell table whose only row may not break across pages: what is
    inside it (the closing paragraph with the signatures, the witnesses) stays together
    in Word and LibreOffice alike."""
    t = container.add_table(rows=1, cols=1)
    _borders(t, kinds=())
    _cell_margins(t, top=0, bottom=0, left=0, right=0)
    _fixed_layout(t, [width])
    _row_flag(t.rows[0], "cantSplit")
    return t.rows[0].cells[0]


def _meterai_box(cell) -> None:
    """A small dashed box for the revenue stamp inside the signature cell."""
    box = cell.add_table(rows=1, cols=1)
    _borders(box, size=4, kinds=("top", "left", "bottom", "right"), val="dashed")
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    row = box.rows[0]
    row.height = Cm(1.4)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    c = row.cells[0]
    c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = _first_para(c, "{{ meterai }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=8)
    p.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    _fixed_layout(box, [2.8])


def _signature_table(cell, width: float, size: float | None = None, space: float = 2.0) -> None:
    """The two signers side by side, one table row per line so both names share a row
    (and line up) however the titles wrap: head of the region left, OPD head right."""
    C = WD_ALIGN_PARAGRAPH.CENTER
    rows = [
        ("", "{{ tempat_tanggal }}"),
        ("{{ kepala_daerah.jabatan }},", "{{ kepala.jabatan }},"),
        (None, None),  # the room to sign; the stamp box on the right
        ("{{ kepala_daerah.nama_kapital }}", "{{ kepala.nama_kapital }}"),
        ("", "NIP. {{ kepala.nip }}"),
    ]
    t = cell.add_table(rows=len(rows), cols=2)
    _borders(t, kinds=())
    _cell_margins(t, top=0, bottom=0, left=0.1, right=0.1)
    for i, ((left, right), row) in enumerate(zip(rows, t.rows)):
        _row_flag(row, "cantSplit")
        if left is None:
            row.height = Cm(space)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            _first_para(row.cells[0], "", align=C, style="Tanda Tangan", keep_next=True)
            _first_para(row.cells[1], "", align=C, style="Tanda Tangan", keep_next=True, size=2)
            _meterai_box(row.cells[1])
            _para(row.cells[1], "", style="Tanda Tangan", keep_next=True, size=2)
            row.cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            continue
        name_row = left.startswith("{{ kepala_daerah.nama")
        for text, c in ((left, row.cells[0]), (right, row.cells[1])):
            p = _first_para(c, text, align=C, style="Tanda Tangan", bold=name_row, underline=name_row,
                            keep_next=i < len(rows) - 1, size=size)
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM if i == 1 else WD_CELL_VERTICAL_ALIGNMENT.TOP
    _fixed_layout(t, [width / 2, width / 2])


def _signatures(doc) -> None:
    """The closing sentence, the signatures and the witnesses in one block whose row may not
    break: they stay together on page 1, or (text too long for one page) move together to
    the next page, so the witnesses never stand alone on a nearly empty page."""
    cell = _block(doc, TEXT_WIDTH)
    _first_para(cell, "Demikian Pakta Integritas ini saya buat dengan sadar, tanpa paksaan dari pihak "
                      "mana pun, untuk dilaksanakan dengan penuh tanggung jawab.", style="Isi Pakta",
                before=2, after=6)
    _signature_table(cell, TEXT_WIDTH, space=1.5)
    _witnesses(cell)


def _witnesses(cell) -> None:
    """Witnesses two or three to a row (``saksi_susun``; a column loop, the renderer shares
    the width among them): their titles in one row (bottom-aligned, with a gap above so a
    title reads with the name below it, never with the NIP above it), then the room to
    sign, names and NIP in the next row, so the names of a row line up however a title
    wraps."""
    _para(cell, "Menyaksikan:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=4, after=0,
          style="Tanda Tangan", keep_next=True)
    t = cell.add_table(rows=4, cols=3)
    _borders(t, kinds=())
    _cell_margins(t, top=0.0, bottom=0.0, left=0.1, right=0.1)
    loop_row, title_row, name_row, end_row = t.rows
    for row, tag in ((loop_row, "{%tr for r in saksi_susun %}"), (end_row, "{%tr endfor %}")):
        merged = row.cells[0].merge(row.cells[2])
        _first_para(merged, tag)
    C = WD_ALIGN_PARAGRAPH.CENTER
    for row in (title_row, name_row):
        _first_para(row.cells[0], "{%tc for x in r.sel %}", style="Saksi", keep_next=True)
        _first_para(row.cells[2], "{%tc endfor %}", style="Saksi", keep_next=True)
        _row_flag(row, "cantSplit")
    c = title_row.cells[1]
    _first_para(c, "{{ x.jabatan }}", align=C, style="Saksi", before=8, keep_next=True)
    c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    c = name_row.cells[1]
    _first_para(c, "", style="Saksi", after=24, keep_next=True)  # the room to sign
    _para(c, "{{ x.nama_kapital }}", align=C, style="Saksi", bold=True, underline=True, keep_next=True)
    _para(c, "{%p if x.nip %}", style="Saksi")
    _para(c, "NIP. {{ x.nip }}", align=C, style="Saksi")
    _para(c, "{%p endif %}", style="Saksi")
    tag_w = 0.8
    _fixed_layout(t, [tag_w, TEXT_WIDTH - 2 * tag_w, tag_w])
    _para(cell, "", style="Tanda Tangan", size=2)  # a cell ends with a paragraph


# ---------------------------------------------------------------- landscape attachment

def _landscape_section(doc):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(LANDSCAPE_MARGIN))
    sec.header_distance = Cm(1.0)
    sec.footer_distance = Cm(1.0)
    return sec


def _header_cells(row, labels) -> None:
    for (label, sub), cell in zip(labels, row.cells):
        _first_para(cell, label, style="Kepala Tabel")
        if sub:
            _para(cell, sub, style="Kepala Tabel").runs[0].bold = False
        _shade(cell, "D9D9D9")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _row_flag(row, "tblHeader")
    _row_flag(row, "cantSplit")


def _lampiran(doc) -> None:
    _para(doc, "LAMPIRAN PAKTA INTEGRITAS KESANGGUPAN TARGET KINERJA", style="Judul Pakta", size=12)
    _para(doc, "{%p if versi.perubahan %}", style="Judul Pakta", size=12)
    _para(doc, "{{ versi.judul_kapital }}", style="Judul Pakta", size=12)
    _para(doc, "{%p endif %}", style="Judul Pakta", size=12)
    _para(doc, "{{ opd.nama_kapital }}", style="Judul Pakta", size=12)
    _para(doc, "{{ pemda.nama }} — Periode {{ periode.teks }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=8)
    _para(doc, "Lampiran ini merupakan bagian yang tidak terpisahkan dari Pakta Integritas Kesanggupan "
               "Target Kinerja{% if versi.perubahan %} {{ versi.judul }} (berlaku mulai tahun {{ versi.berlaku_mulai }})"
               "{% endif %} yang ditandatangani oleh {{ kepala.jabatan }} di {{ tempat }} pada tanggal {{ tanggal }}.",
          style="Isi Pakta", size=10, after=6)
    _para(doc, "A. Tawaran, Keputusan dan Target Disepakati", bold=True, size=10, after=4, keep_next=True)

    ncol = len(LAMPIRAN_COLS)
    widths = [w for _, _, w in LAMPIRAN_COLS]
    t = doc.add_table(rows=7, cols=ncol)
    _borders(t, size=4)
    _cell_margins(t, top=0.04, bottom=0.04, left=0.08, right=0.08)
    head, numbers, grp_open, grp_row, item_open, item_row, item_close = t.rows
    grp_close = t.add_row()
    total = t.add_row()

    _header_cells(head, [(label, sub) for label, sub, _ in LAMPIRAN_COLS])
    for i, cell in enumerate(numbers.cells, 1):
        p = _first_para(cell, f"({i})", style="Kepala Tabel")
        p.runs[0].bold = False
        p.runs[0].italic = True
        _shade(cell, "F2F2F2")
    _row_flag(numbers, "tblHeader")
    _row_flag(numbers, "cantSplit")

    def merged(row, text, **kw):
        c = row.cells[0].merge(row.cells[ncol - 1])
        return c, _first_para(c, text, style="Isi Tabel", **kw)

    merged(grp_open, "{%tr for g in misi_grup %}")
    c, _ = merged(grp_row, "Misi {{ g.kode }}: {{ g.uraian }}", bold=True, keep_next=True)
    _shade(c, "E8EEF7")
    _row_flag(grp_row, "cantSplit")
    merged(item_open, "{%tr for b in g.baris %}")

    cells = [
        ("{{ b.no }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.misi }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.sasaran }}", None),
        ("{{ b.indikator }}", None),
        ("{{ b.satuan }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.polaritas }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.dasar }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.usulan }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.tawaran }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.keputusan }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.target }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ b.catatan }}", None),
    ]
    for (text, align), cell in zip(cells, item_row.cells):
        p = _first_para(cell, text, style="Isi Tabel", align=align)
        if text == "{{ b.target }}":
            p.runs[0].bold = True
    _row_flag(item_row, "cantSplit")
    merged(item_close, "{%tr endfor %}")
    merged(grp_close, "{%tr endfor %}")
    c, p = merged(total, "Jumlah: {{ jumlah.indikator }} indikator; {{ jumlah.tawaran }} ditawar oleh Tim Penilai, "
                         "{{ jumlah.sanggup }} Sanggup, {{ jumlah.tidak_sanggup }} Tidak Sanggup; "
                         "{{ jumlah.tanpa_tawaran }} tanpa tawaran (usulan tetap berlaku).", bold=True, keep_next=True)
    _shade(c, "F2F2F2")
    _row_flag(total, "cantSplit")
    _fixed_layout(t, widths)

    _para(doc, "Keterangan: Target Disepakati ialah tawaran Tim Penilai bila dijawab Sanggup; bila dijawab "
               "Tidak Sanggup, nilai hasil negosiasi atau, bila tidak ada, usulan OPD; tanpa tawaran, usulan OPD.",
          size=9, italic=True, before=4, after=10)
    _yearly_table(doc)

    # the legend of the yearly table (a paragraph: two adjacent tables would merge into
    # one), then the signature block
    _para(doc, "Angka tebal: target yang disepakati berbeda dari target usulan OPD untuk tahun itu "
               "(karena tawaran Tim Penilai atau hasil negosiasi); angka biasa: sama dengan usulan OPD.",
          size=9, italic=True, before=4, after=8, keep_next=True)
    _para(doc, "{%p if versi.tahun_dibawa %}", size=9, keep_next=True)
    _para(doc, "Tanda *: target tahun {{ versi.tahun_dibawa }} dibawa tanpa perubahan dari Pakta Integritas "
               "sebelumnya; {{ versi.judul }} mengatur target mulai tahun {{ versi.berlaku_mulai }}.",
          size=9, italic=True, before=0, after=8, keep_next=True)
    _para(doc, "{%p endif %}", size=9, keep_next=True)
    width = 29.7 - 2 * LANDSCAPE_MARGIN
    cell = _block(doc, width)
    _signature_table(cell, width, size=11, space=1.6)
    _para(cell, "", style="Tanda Tangan", size=2)


def _yearly_table(doc) -> None:
    """B. The agreed target of every year: one row per indicator, one column per year (a
    column loop: the renderer sizes the year columns to share the room left)."""
    _para(doc, "B. Target Tahunan yang Disepakati", bold=True, size=10, after=4, keep_next=True)
    fixed = [(label, sub, w) for label, sub, w in YEARLY_COLS]
    ncol = len(fixed) + 3  # + the loop's opening tag cell, the year cell, the closing tag cell
    # Two copies of the indicator row: rows that keep with the next (the legend and the
    # signatures below) and rows that do not. Up to 20 indicators every row keeps with the
    # next, so the whole table moves with the signatures (LibreOffice keeps a table with
    # the next paragraph only when all its rows do; Word chains the rows). In a longer
    # table only the last two rows do (Word keeps them with the signatures; LibreOffice
    # ignores a keep on single rows), so the table still starts right after table A.
    t = doc.add_table(rows=8, cols=ncol)
    _borders(t, size=4)
    _cell_margins(t, top=0.04, bottom=0.04, left=0.08, right=0.08)
    head, row_open, if_row, body_row, else_row, last_row, endif_row, row_close = t.rows
    nf = len(fixed)
    _header_cells(head, [(label, sub) for label, sub, _ in fixed] + [("", ""), ("", ""), ("", "")])
    hc = head.cells
    _first_para(hc[nf], "{%tc for y in kolom_tahun %}", style="Kepala Tabel")
    hc[nf + 1].paragraphs[0].add_run("{{ y.tahun }}{{ y.tanda }}")
    _first_para(hc[nf + 2], "{%tc endfor %}", style="Kepala Tabel")
    for row, tag in ((row_open, "{%tr for b in baris %}"), (if_row, "{%tr if loop.revindex > 2 and baris|length > 20 %}"),
                     (else_row, "{%tr else %}"), (endif_row, "{%tr endif %}"), (row_close, "{%tr endfor %}")):
        c = row.cells[0].merge(row.cells[ncol - 1])
        _first_para(c, tag, style="Isi Tabel")
    for item_row, keep in ((body_row, False), (last_row, True)):
        cells = item_row.cells
        for (text, align), cell in zip([("{{ b.no }}", WD_ALIGN_PARAGRAPH.CENTER), ("{{ b.indikator }}", None),
                                        ("{{ b.satuan }}", WD_ALIGN_PARAGRAPH.CENTER),
                                        ("{{ b.polaritas }}", WD_ALIGN_PARAGRAPH.CENTER),
                                        ("{{ b.dasar }}", WD_ALIGN_PARAGRAPH.CENTER)], cells):
            _first_para(cell, text, style="Isi Tabel", align=align, keep_next=keep)
        _first_para(cells[nf], "{%tc for t in b.tahunan %}", style="Isi Tabel", keep_next=keep)
        p = _first_para(cells[nf + 1], "", style="Isi Tabel", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=keep)
        r = p.add_run("{{ t.nilai_berbeda }}")
        r.bold = True
        p.add_run("{{ t.nilai_sama }}{{ t.tanda }}")
        _first_para(cells[nf + 2], "{%tc endfor %}", style="Isi Tabel", keep_next=keep)
        _row_flag(item_row, "cantSplit")
    tag_w = 0.8
    year_room = 29.7 - 2 * LANDSCAPE_MARGIN - sum(w for _, _, w in fixed) - 2 * tag_w
    _fixed_layout(t, [w for _, _, w in fixed] + [tag_w, year_room, tag_w])


def _footer(section) -> None:
    f = section.footer
    p = f.paragraphs[0]
    r = p.add_run("Pakta Integritas Kesanggupan Target Kinerja{% if versi.perubahan %} ({{ versi.judul }})"
                  "{% endif %} — {{ opd.nama }}")
    r.font.size = Pt(8)
    r.italic = True
    p.add_run("\t")
    p.add_run("Halaman ")
    _field(p, "PAGE")
    p.add_run(" dari ")
    _field(p, "NUMPAGES")
    # size 8 for every run, the field results too
    for run in p._p.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        if rpr.find(qn("w:sz")) is None:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), "16")
            rpr.append(sz)


# Schema order of property children: Word rejects some out-of-order files, so the
# properties appended above are put back in order before saving.
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
              "rPr", "sectPr", "pPrChange"]
_TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark"]


def _reorder(root) -> None:
    for tag, order in (("w:tblPr", _TBLPR_ORDER), ("w:pPr", _PPR_ORDER), ("w:tcPr", _TCPR_ORDER)):
        rank = {qn(f"w:{n}"): i for i, n in enumerate(order)}
        for props in root.iter(qn(tag)):
            children = list(props)
            ordered = sorted(children, key=lambda e: rank.get(e.tag, len(rank)))
            if ordered != children:
                for e in children:
                    props.remove(e)
                props.extend(ordered)


def _prune_styles(doc) -> None:
    """Keep only the styles the template uses (and what they are based on, linked to or
    followed by) and the defaults: python-docx's default document carries ~170 unused
    style definitions (350 KB). Word and Writer still offer their built-in styles."""
    styles = doc.styles.element
    used = {"Normal"}
    parts = [doc.element] + [s.footer._element for s in doc.sections] + [s.header._element for s in doc.sections]
    for root in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used.update(e.get(qn("w:val")) for e in root.iter(qn(tag)))
    by_id = {st.get(qn("w:styleId")): st for st in styles.findall(qn("w:style"))}
    for st in by_id.values():
        if st.get(qn("w:default")) == "1":
            used.add(st.get(qn("w:styleId")))
    todo = list(used)
    while todo:
        st = by_id.get(todo.pop())
        if st is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            e = st.find(qn(tag))
            if e is not None and e.get(qn("w:val")) not in used:
                used.add(e.get(qn("w:val")))
                todo.append(e.get(qn("w:val")))
    for sid, st in by_id.items():
        if sid not in used:
            styles.remove(st)


def build(out: Path = OUT) -> Path:
    doc = Document()
    _styles(doc)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(PORTRAIT_TOP), Cm(PORTRAIT_BOTTOM)
    sec.left_margin, sec.right_margin = Cm(PORTRAIT_LEFT), Cm(PORTRAIT_RIGHT)
    sec.header_distance, sec.footer_distance = Cm(1.0), Cm(0.8)

    _heading(doc)
    _identity(doc)
    _statement(doc)
    _signatures(doc)
    _footer(sec)
    # the footer's right tab stop: at the text width of each orientation; the
    # landscape section gets its own footer (not linked) with a wider tab stop.
    _tab_stop_right(sec.footer.paragraphs[0], 21.0 - PORTRAIT_LEFT - PORTRAIT_RIGHT)
    land = _landscape_section(doc)
    land.footer.is_linked_to_previous = False
    _footer(land)
    _tab_stop_right(land.footer.paragraphs[0], 29.7 - 2 * LANDSCAPE_MARGIN)
    _lampiran(doc)

    cp = doc.core_properties
    cp.title = "Pakta Integritas Kesanggupan Target Kinerja"
    cp.subject = "Lelang Kinerja"
    cp.author = "Sekretariat Lelang Kinerja"
    cp.last_modified_by = "lelang-xlsx"
    cp.comments = ""
    cp.language = "id-ID"
    cp.keywords = "pakta integritas; lelang kinerja"
    cp.revision = 1
    cp.created = dt.datetime(2018, 12, 1)
    cp.modified = dt.datetime(2018, 12, 1)

    _reorder(doc.element)
    for section in doc.sections:
        _reorder(section.footer._element)
    _reorder(doc.styles.element)
    _prune_styles(doc)
    buf = io.BytesIO()
    doc.save(buf)
    # reproducible zip: fixed timestamps, same entry order; without python-docx's stale
    # stylesWithEffects.xml and preview thumbnail, and with plain extended properties
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin:
        entries = drop_stale_parts([(info.filename, zin.read(info)) for info in zin.infolist()])
    out_buf = io.BytesIO()
    with zipfile.ZipFile(out_buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            new = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            zout.writestr(new, APP_XML if name == "docProps/app.xml" else data)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".tmp-" + out.name)
    tmp.write_bytes(out_buf.getvalue())
    tmp.replace(out)
    return out


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"Templat ditulis: {target}")
