"""``styles.xml`` of a submitted workbook, for the fast annotated copy: the fills and fonts
the copy adds, and each marked cell's format cloned with the finding's fill.
"""

from __future__ import annotations

import copy

from lxml import etree

from .annotate_common import FILL
from .annotate_xml import M, Fallback, dump_xml, local_name, parse_xml, sub_element


class StylesPart:
    """Appends fills, fonts and cell formats to ``xl/styles.xml``."""

    def __init__(self, data: bytes):
        self.root = parse_xml(data)
        if self.root.tag != M + "styleSheet":
            raise Fallback("styles root")
        self.fills = self.root.find(M + "fills")
        self.fonts = self.root.find(M + "fonts")
        self.xfs = self.root.find(M + "cellXfs")
        if self.fills is None or self.fonts is None or self.xfs is None:
            raise Fallback("styles incomplete")
        self.xf_list = list(self.xfs.iterchildren(M + "xf"))
        if not self.xf_list or len(self.fonts.findall(M + "font")) == 0:
            raise Fallback("styles empty")
        self._fill_ids: dict[str, int] = {}
        self._clones: dict[tuple[int, str], int] = {}

    def fill(self, rgb: str) -> int:
        if rgb not in self._fill_ids:
            fill = sub_element(self.fills, "fill")
            pf = sub_element(fill, "patternFill", {"patternType": "solid"})
            sub_element(pf, "fgColor", {"rgb": "FF" + rgb})
            sub_element(pf, "bgColor", {"indexed": "64"})
            self._fill_ids[rgb] = len(self.fills.findall(M + "fill")) - 1
        return self._fill_ids[rgb]

    def font(self, bold: bool, rgb: str, underline: bool, size: int | None = None) -> int:
        size_pt = size
        base = self.fonts.find(M + "font")
        size = base.find(M + "sz")
        name = base.find(M + "name")
        family = base.find(M + "family")
        font = sub_element(self.fonts, "font")
        if bold:
            sub_element(font, "b")
        if underline:
            sub_element(font, "u")
        sub_element(font, "sz", {"val": str(size_pt) if size_pt else (size.get("val", "11") if size is not None else "11")})
        sub_element(font, "color", {"rgb": "FF" + rgb})
        sub_element(font, "name", {"val": name.get("val", "Calibri") if name is not None else "Calibri"})
        if family is not None and family.get("val"):
            sub_element(font, "family", {"val": family.get("val")})
        return len(self.fonts.findall(M + "font")) - 1

    def _append_xf(self, xf) -> int:
        self.xfs.append(xf)
        self.xf_list.append(xf)
        return len(self.xf_list) - 1

    def highlighted(self, base: int, severity: str) -> int:
        """Index of a clone of cell format ``base`` with the severity's solid fill."""
        key = (base, severity)
        if key not in self._clones:
            if not 0 <= base < len(self.xf_list):
                raise Fallback("style index")
            fill_id = self.fill(FILL[severity])
            xf = _clone(self.xf_list[base])
            xf.set("fillId", str(fill_id))
            xf.set("applyFill", "1")
            self._clones[key] = self._append_xf(xf)
        return self._clones[key]

    def plain(self, font: int = 0, fill: int = 0, wrap: bool = False, top: bool = True) -> int:
        """A new cell format; text at the top of the cell (rows grow with wrapped messages)."""
        attrs = {"numFmtId": "0", "fontId": str(font), "fillId": str(fill), "borderId": "0", "xfId": "0"}
        if font:
            attrs["applyFont"] = "1"
        if fill:
            attrs["applyFill"] = "1"
        if wrap or top:
            attrs["applyAlignment"] = "1"
        xf = etree.Element(M + "xf", attrs, nsmap=None)
        if wrap or top:
            etree.SubElement(xf, M + "alignment", {"vertical": "top", **({"wrapText": "1"} if wrap else {})})
        return self._append_xf(xf)

    def dump(self) -> bytes:
        for el, tag in ((self.fills, "fill"), (self.fonts, "font"), (self.xfs, "xf")):
            el.set("count", str(len(el.findall(M + tag))))
        order_font_children(self.root)
        return dump_xml(self.root)


# The order Excel expects the children of <font> in.
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
              "family", "charset", "scheme")
_FONT_RANK = {name: i for i, name in enumerate(FONT_ORDER)}


def order_font_children(root) -> None:
    """Reorder the children of every <font> under ``root`` (a styles part) as Excel expects;
    other writers (openpyxl) put name/family first, which Excel repairs."""
    for font in root.iter(M + "font"):
        children = sorted(font, key=lambda el: _FONT_RANK.get(local_name(el), len(_FONT_RANK)))
        for el in children:
            font.append(el)


def _clone(el):
    return copy.deepcopy(el)
