"""What the builders of the yearly rounds' templates share (``build_rapor_template.py``,
``build_pk_template.py``): an A4 portrait document with the pact template's styles, a
table whose rows come from a docxtpl loop, the page footer, and the deterministic save
(core properties, element order, no stale stylesWithEffects part, normalised zip)."""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import build_pakta_template as P  # noqa: E402

from lelang_xlsx.output.zipnorm import normalize  # noqa: E402


def a4_portrait(top: float, bottom: float, left: float, right: float):
    """A new document with the pact template's styles; its section A4 portrait with these
    margins (cm). Returns (document, section)."""
    doc = Document()
    P._styles(doc)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(top), Cm(bottom)
    sec.left_margin, sec.right_margin = Cm(left), Cm(right)
    sec.header_distance, sec.footer_distance = Cm(1.25), Cm(1.0)
    return doc, sec


def loop_table(doc, cols, loop: str, cells: list[str], side: float = 0.08):
    """A table of ``cols`` (label, width, alignment): a grey header repeated on each page,
    then one row per item of the docxtpl ``loop`` (``b in baris``) filled with ``cells``.
    Returns it (rows: header, loop open, item, loop close) for the caller to add to."""
    n = len(cols)
    t = doc.add_table(rows=4, cols=n)
    P._borders(t, size=4)
    P._cell_margins(t, top=0.04, bottom=0.04, left=side, right=side)
    head, open_, item, close = t.rows
    for (label, _, _), cell in zip(cols, head.cells):
        P._first_para(cell, label, style="Kepala Tabel")
        P._shade(cell, "D9D9D9")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    P._row_flag(head, "tblHeader")
    for row, tag in ((open_, f"{{%tr for {loop} %}}"), (close, "{%tr endfor %}")):
        P._first_para(row.cells[0].merge(row.cells[n - 1]), tag, style="Isi Tabel")
    for (_, _, align), cell, text in zip(cols, item.cells, cells):
        P._first_para(cell, text, style="Isi Tabel", align=align)
    return t


def footer(section, label: str, width: float, of_total: bool) -> None:
    """The footer: ``label`` in small italics left, ``Halaman N`` (``dari M`` with
    ``of_total``) at the right margin ``width`` cm away."""
    p = section.footer.paragraphs[0]
    r = p.add_run(label)
    r.italic = True
    r.font.size = P.Pt(8)
    p.add_run("\t")
    for text, field in (("Halaman ", "PAGE"), (" dari ", "NUMPAGES"))[:2 if of_total else 1]:
        run = p.add_run(text)
        run.font.size = P.Pt(8)
        P._field(p, field)
    P._tab_stop_right(p, width)


def save(doc, sec, out: Path, title: str, subject: str, fields_flag: str, created: dt.datetime) -> Path:
    """Core properties (``fields_flag``: the option of ``lelang pact-fields`` that lists the
    fields), element order, then written to a temporary file, cleaned, normalised and
    moved into place."""
    cp = doc.core_properties
    cp.title, cp.subject, cp.author = title, subject, "Sekretariat Lelang Kinerja"
    cp.comments = f"Templat docxtpl (Jinja). Daftar field: perintah `lelang pact-fields {fields_flag}`."
    cp.language, cp.revision = "id-ID", 1
    cp.created = cp.modified = created
    P._reorder(doc.element)
    P._reorder(sec.footer._element)
    P._reorder(doc.styles.element)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".tmp-" + out.name)
    doc.save(tmp)
    drop_styles_with_effects(tmp)
    normalize(tmp)
    tmp.replace(out)
    return out


def drop_styles_with_effects(path: Path) -> None:
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
