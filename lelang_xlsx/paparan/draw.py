"""Slide building blocks: fitted text boxes and tables whose rows are sized from the
text they hold. Every size is decided here from :mod:`.layout`'s estimates, never left
to the renderer's autofit, so PowerPoint and Impress draw the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..documents.pact_context import clean_text
from .layout import EMU_PER_PT, INSET, LINE, Box, fit, lines_needed, truncate

FONT = "Arial"  # Liberation Sans in LibreOffice: the same metrics
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x00, 0x7C, 0x89)
ORANGE = RGBColor(0xE0, 0x7A, 0x1F)
GREEN = RGBColor(0x2E, 0x8B, 0x57)
GREY = RGBColor(0x59, 0x59, 0x59)
LIGHT = RGBColor(0xEE, 0xF2, 0xF6)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def _frame(shape, anchor=MSO_ANCHOR.TOP):
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = Emu(INSET)
    tf.vertical_anchor = anchor
    return tf


def _run(paragraph, text: str, size: float, bold: bool = False, color: RGBColor = NAVY):
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    return run


def text(slide, box: Box, value: object, max_pt: float, min_pt: float, bold: bool = False,
         color: RGBColor = NAVY, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, max_lines: int | None = None):
    """A text box with the text at the largest size that fits (shortened only at
    ``min_pt``). Returns the shape."""
    s = clean_text(value)
    f = fit(s, box, max_pt, min_pt, max_lines)
    shape = slide.shapes.add_textbox(*box.args)
    tf = _frame(shape, anchor)
    for i, line in enumerate(f.text.split("\n")):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.line_spacing = 1.0
        _run(p, line, f.size, bold, color)
    return shape


@dataclass
class Field:
    label: str
    value: str


def fields(slide, box: Box, items: list[Field], max_pt: float, min_pt: float):
    """Label/value paragraphs ('Misi: M1 — …') sharing one font size; when even the
    smallest size overflows, the paragraph taking most lines is shortened first."""
    items = [Field(clean_text(f.label), clean_text(f.value).replace("\n", " ")) for f in items]
    width, height = box.inner_w_pt, box.inner_h_pt

    def count(its, size):  # each at most room + 1 lines: enough to see an overflow, cost bounded by the box
        room = max(1, int(height // (size * LINE)))
        return [lines_needed(f"{f.label} {f.value}", width, size, room) for f in its]

    size = max_pt
    while size > min_pt and sum(count(items, size)) * size * LINE > height:
        size -= 0.5
    room = int(height // (size * LINE))
    counts = count(items, size)
    while sum(counts) > room:
        i = max(range(len(items)), key=lambda k: counts[k])
        if counts[i] <= 1:
            break
        label = items[i].label + " "
        # shortened at once to what the others leave (at least one line), not one line per pass
        keep = max(1, min(counts[i] - 1, room - (sum(counts) - counts[i])))
        short = truncate(label + items[i].value, width, size, keep)
        items[i] = Field(items[i].label, short[len(label):] if short.startswith(label) else short)
        counts = count(items, size)
    shape = slide.shapes.add_textbox(*box.args)
    tf = _frame(shape)
    for i, f in enumerate(items):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.line_spacing = 1.0
        _run(p, f.label + " ", size, True, GREY)
        _run(p, f.value, size, False, NAVY)
    return shape


def band(slide, box: Box, color: RGBColor = NAVY):
    """A filled rectangle without outline (title bars)."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box.args)
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    style = shape._element.find(qn("p:style"))  # the theme style adds a shadow in Impress
    if style is not None:
        shape._element.remove(style)
    return shape


# --------------------------------------------------------------------------- tables

CELL_MARGIN_X = 0.06  # inches, left and right
CELL_MARGIN_Y = 0.03


@dataclass
class Column:
    header: str
    width: float  # inches
    align: PP_ALIGN = PP_ALIGN.LEFT


BOLD = 1.1  # bold text is about this much wider


def row_height_in(cells: list[str], columns: list[Column], size: float, bold: frozenset[int] = frozenset()) -> float:
    """The height a row needs; the columns in ``bold`` are measured as bold text."""
    lines = 1
    for j, (value, col) in enumerate(zip(cells, columns)):
        w_pt = (col.width - 2 * CELL_MARGIN_X) * 72
        lines = max(lines, lines_needed(value, w_pt, size * (BOLD if j in bold else 1)))
    return lines * size * LINE / 72 + 2 * CELL_MARGIN_Y + 0.02


def hex_color(value: str) -> RGBColor:
    """'#C6EFCE' -> RGBColor (the workbooks' colours in a deck)."""
    return RGBColor.from_string(value.lstrip("#"))


def table(slide, x: float, y: float, columns: list[Column], rows: list[list[str]], size: float,
          colors: dict[int, dict[str, tuple[str, str]]] | None = None):
    """A table at (x, y) inches; each row exactly as tall as its wrapped text needs.
    ``colors``: column index -> cell text -> (fill, font) as '#RRGGBB' (the decisions in
    their colours); such cells are bold."""
    colors = colors or {}
    header = [c.header for c in columns]
    bold = frozenset(colors)
    heights = [row_height_in(header, columns, size * BOLD)] + [row_height_in(r, columns, size, bold) for r in rows]
    width = sum(c.width for c in columns)
    frame = slide.shapes.add_table(len(rows) + 1, len(columns), Emu(int(x * 914400)), Emu(int(y * 914400)),
                                   Emu(int(width * 914400)), Emu(int(sum(heights) * 914400)))
    tbl = frame.table
    for j, col in enumerate(columns):
        tbl.columns[j].width = Emu(int(col.width * 914400))
    for i, h in enumerate(heights):
        tbl.rows[i].height = Emu(int(h * 914400))
    for i, values in enumerate([header] + rows):
        for j, (value, col) in enumerate(zip(values, columns)):
            cell = tbl.cell(i, j)
            cell.margin_left = cell.margin_right = Emu(int(CELL_MARGIN_X * 914400))
            cell.margin_top = cell.margin_bottom = Emu(int(CELL_MARGIN_Y * 914400))
            cell.vertical_anchor = MSO_ANCHOR.TOP
            tf = cell.text_frame
            tf.word_wrap = True
            pair = colors.get(j, {}).get(value) if i else None
            font = WHITE if i == 0 else hex_color(pair[1]) if pair else NAVY
            for k, line in enumerate(clean_text(value).split("\n")):
                p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
                p.alignment = col.align
                p.line_spacing = 1.0
                _run(p, line, size, bold=(i == 0 or pair is not None), color=font)
            cell.fill.solid()
            cell.fill.fore_color.rgb = NAVY if i == 0 else hex_color(pair[0]) if pair else LIGHT if i % 2 else WHITE
    return frame


def paginate(rows: list[list[str]], columns: list[Column], size: float, room_in: float,
             bold: frozenset[int] = frozenset()) -> list[list[list[str]]]:
    """Split table rows into pages whose height (header included) fits ``room_in``.
    A single row taller than a page gets a page of its own (its cells are shortened by
    the caller beforehand, so that does not happen with the deck's limits)."""
    header_h = row_height_in([c.header for c in columns], columns, size * BOLD)
    pages: list[list[list[str]]] = [[]]
    used = header_h
    for r in rows:
        h = row_height_in(r, columns, size, bold)
        if pages[-1] and used + h > room_in:
            pages.append([])
            used = header_h
        pages[-1].append(r)
        used += h
    return pages


def lines_for(value: str, width_in: float, size: float) -> int:
    """Lines a text takes in a text box ``width_in`` wide at ``size`` points."""
    return lines_needed(clean_text(value), width_in * 72 - 2 * INSET / EMU_PER_PT, size)
