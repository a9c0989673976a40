"""The parts the fast annotated copy adds, written as text: the comments on marked cells,
their VML drawing, and the findings sheet (the copy's first tab).
"""

from __future__ import annotations

import re

from ..checking.feedback import HEADERS, NO_FINDINGS, WIDTHS, IntroRow, ListingRow, height
from ..checking.findings import Finding
from .annotate_common import AUTHOR, comment_text
from .annotate_xml import NS_MAIN, NS_REL, Package, split_ref


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _esc_attr(text: str) -> str:
    return (_esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if (text != text.strip() or "\n" in text) else ""
    return f"<t{space}>{_esc(text)}</t>"


def comments_xml(cells: dict[str, list[Finding]]) -> bytes:
    out = [_DECL, f'<comments xmlns="{NS_MAIN}"><authors><author>{_esc(AUTHOR)}</author></authors><commentList>']
    for ref in sorted(cells, key=split_ref):
        out.append(f'<comment ref="{ref}" authorId="0"><text><r><rPr><sz val="9"/><color indexed="81"/>'
                   f'<rFont val="Tahoma"/><family val="2"/></rPr>{_t(comment_text(cells[ref]))}</r></text></comment>')
    out.append("</commentList></comments>")
    return "".join(out).encode("utf-8")


_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    ' <o:shapelayout v:ext="edit">\n  <o:idmap v:ext="edit" data="{block}"/>\n </o:shapelayout>\n'
    ' <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\n'
    '  <v:stroke joinstyle="miter"/>\n  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>\n'
)
_VML_SHAPE = (
    ' <v:shape id="_x0000_s{sid}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:1.5pt;'
    'width:240pt;height:120pt;z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">\n'
    '  <v:fill color2="#ffffe1"/>\n  <v:shadow on="t" color="black" obscured="t"/>\n'
    '  <v:path o:connecttype="none"/>\n'
    '  <v:textbox style="mso-direction-alt:auto">\n   <div style="text-align:left"></div>\n  </v:textbox>\n'
    '  <x:ClientData ObjectType="Note">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n'
    '   <x:Anchor>{c1}, 15, {r1}, 2, {c2}, 15, {r2}, 4</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n'
    '   <x:Row>{row}</x:Row>\n   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>\n'
)


def vml_xml(cells: dict[str, list[Finding]], block: int) -> bytes:
    out = [_VML_HEAD.format(block=block)]
    for k, ref in enumerate(sorted(cells, key=split_ref), start=1):
        r, c = split_ref(ref)
        top = max(r - 2, 0)
        out.append(_VML_SHAPE.format(sid=block * 1024 + k, z=k, c1=c, r1=top, c2=c + 4, r2=top + 8, row=r - 1, col=c - 1))
    out.append("</xml>\n")
    return "".join(out).encode("utf-8")


def findings_sheet_xml(head: list[IntroRow], rows: list[ListingRow], st: dict[str, int]) -> bytes:
    """The findings sheet: the intro rows, a blank row, the table header, one row per finding."""
    top = len(head) + 2  # the table header row
    last = top + max(len(rows), 1)
    out = [_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<dimension ref="A1:F{last}"/>',
           '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
           f'<selection activeCell="E{top + 1}" sqref="E{top + 1}"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/><cols>']
    out += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, start=1)]
    out.append('</cols><sheetData>')

    def text_cell(ref: str, text: str, style: int | None = None) -> str:
        if not text:
            return "" if style is None else f'<c r="{ref}" s="{style}"/>'
        s = f' s="{style}"' if style is not None else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_t(text)}</is></c>'

    def row_open(r: int, text: str, scale: float = 1.0) -> str:
        ht = height(text, scale=scale)
        return f'<row r="{r}" ht="{ht}" customHeight="1">' if ht else f'<row r="{r}">'

    for r, item in enumerate(head, start=1):
        if item.style == "title":
            out.append(f'<row r="{r}" ht="22" customHeight="1">{text_cell(f"A{r}", item.text, st["title"])}</row>')
            continue
        style = st["legend" + item.style] if item.style else st["wrap"]
        out.append(row_open(r, item.text) + text_cell(f"A{r}", item.label, st["label"])
                   + text_cell(f"F{r}", item.text, style) + "</row>")
    out.append(f'<row r="{top}">')
    out += [text_cell(f"{'ABCDEF'[i]}{top}", name, st["header"]) for i, name in enumerate(HEADERS)]
    out.append("</row>")
    links = []
    if not rows:
        out.append(f'<row r="{top + 1}">{text_cell(f"F{top + 1}", NO_FINDINGS)}</row>')
    for i, item in enumerate(rows, start=top + 1):
        out.append(row_open(i, item.message) + f'<c r="A{i}" s="{st[item.severity]}"><v>{item.no}</v></c>')
        out.append(text_cell(f"B{i}", item.code, st["top"]))
        out.append(text_cell(f"C{i}", item.level, st["top"]))
        out.append(text_cell(f"D{i}", item.sheet, st["top"]))
        out.append(text_cell(f"E{i}", item.cell, st["link"] if item.link else st["top"]))
        out.append(text_cell(f"F{i}", item.message, st["wrap"]))
        out.append("</row>")
        if item.link and item.cell:
            links.append(f'<hyperlink ref="E{i}" location="{_esc_attr(item.link)}" display="{_esc_attr(item.cell)}"/>')
    out.append("</sheetData>")
    if links:
        out += ["<hyperlinks>", *links, "</hyperlinks>"]
    out.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
               '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return "".join(out).encode("utf-8")


def vml_blocks(pkg: Package) -> int:
    """The highest shape-id block used by the existing VML drawings."""
    top = 0
    for name, data in pkg.where(lambda low: low.endswith(".vml")):
        for m in re.finditer(rb"data\s*=\s*\"([0-9,\s]+)\"", data):
            top = max([top, *(int(x) for x in re.split(rb"[,\s]+", m.group(1)) if x)])
        for m in re.finditer(rb"_x0000_s(\d+)", data):
            top = max(top, int(m.group(1)) // 1024)
    return top
