"""What the forms of the yearly rounds share (the realisation form of evaluasi/, the PK
form of pk/, the monitoring workbook of pantau/): one XlsxWriter workbook per OPD with
the document properties, cells locked and grey where the value comes from the agreement,
the hidden marker sheet, the Petunjuk sheet's headings and lines, and the Identitas sheet
(label, value, help; input messages on what the OPD fills). Each round's writer
subclasses :class:`RoundFormWriter` and writes its own sheets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import xlsxwriter

from .. import contract as C
from ..agreement.agreed import Agreement
from ..output.xlsxstyle import FIXED_CREATED, HEADER_BG, WORKBOOK_OPTIONS, Styles, line_height, wrapped_lines, write_value
from .formulir import PROTECT_OPTIONS, Raw

LABEL_BG = "#DDEBF7"  # Identitas labels
LOCKED_BG = "#F2F2F2"  # a cell filled from the agreement, locked
NOTE = "#595959"  # the help texts
OPD_BG = "#375623"  # the header of a column the OPD fills
BORDER = "#D9D9D9"
MONEY = "#,##0"


class Guide:
    """The Petunjuk sheet: a title, then headings (white on the header colour) and lines
    (bold label in A, text in B, each row as high as its wrapped text)."""

    def __init__(self, writer: "RoundFormWriter", ws, title: str, widths: tuple[int, int] = (28, 90)):
        st = writer.st
        title_fmt = st.fmt(bold=True, font_size=16, font_color=HEADER_BG)
        self.h = st.fmt(bold=True, font_size=12, font_color="#FFFFFF", bg_color=HEADER_BG)
        self.a_fmt = st.fmt(bold=True, text_wrap=True, border=1, border_color=BORDER)
        self.b_fmt = st.fmt(text_wrap=True, border=1, border_color=BORDER)
        self.ws, self.widths = ws, widths
        ws.set_column(0, 0, widths[0])
        ws.set_column(1, 1, widths[1])
        ws.hide_gridlines(2)
        ws.write_string(0, 0, title, title_fmt)
        ws.set_row(0, 24)
        self.r = 2

    def heading(self, text: str) -> None:
        self.ws.write_string(self.r, 0, text, self.h)
        self.ws.write_blank(self.r, 1, None, self.h)
        self.r += 1

    def line(self, a: str, b: str) -> None:
        self.ws.write_string(self.r, 0, a, self.a_fmt)
        self.ws.write_string(self.r, 1, b, self.b_fmt)
        self.ws.set_row(self.r, line_height(max(wrapped_lines(b, self.widths[1]), wrapped_lines(a, self.widths[0]))))
        self.r += 1


class RoundFormWriter:
    """The shared half of a round's form writer; ``title`` and ``version`` are the round's
    form title and template version (the document properties)."""

    title = ""
    version = ""

    def __init__(self, tmp: Path, agreement: Agreement, year: int, pemda: str, data):
        self.a, self.year, self.pemda, self.data = agreement, year, pemda, data
        self.wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        self.st = Styles(self.wb)

    def properties(self) -> None:
        self.wb.set_properties({"title": f"{self.title} {self.year} – {self.a.kode_opd}",
                                "author": "Sekretariat Lelang Kinerja", "company": self.pemda,
                                "comments": f"{C.VERSION_LABEL} {self.version}", "created": FIXED_CREATED})

    def cell(self, ws, r: int, c: int, value: Any, locked: bool, kind: str = "text") -> None:
        """One bordered cell: grey and locked when the value is the agreement's; a year
        without thousands separator, a NIP as text, money with separators; a :class:`Raw`
        value as it says."""
        props: dict[str, Any] = {"locked": locked, "text_wrap": True, "border": 1, "border_color": BORDER}
        if locked:
            props["bg_color"] = LOCKED_BG
        if kind == "year":
            props.update(num_format="0", align="left")
        elif kind == "nip":
            props["num_format"] = "@"
        elif kind == "money":
            props["num_format"] = MONEY
        if isinstance(value, Raw):
            if value.as_text:
                ws.write_string(r, c, "" if value.value is None else str(value.value), self.st.fmt(**props))
                return
            if value.num_format:
                props["num_format"] = value.num_format
            value = value.value
        write_value(ws, r, c, value, self.st.fmt(**props))

    def marker(self, ws, rows: list[tuple[str, Any]]) -> None:
        """The hidden marker rows (label in A, value in B: the template version, the year,
        the OPD) the reader checks."""
        bold = self.st.fmt(bold=True)
        for r, (label, value) in enumerate(rows):
            ws.write_string(r, 0, label, bold)
            write_value(ws, r, 1, value, None)

    def identity_sheet(self, ws, fields, locked: tuple[str, ...], values: dict[str, Any], label_width: int,
                       say: Callable[[str], str] = str) -> None:
        """Identitas: a header row, then per field its label, its value (locked when
        ``locked`` names it, else with the help as input message) and its help."""
        head = self.st.header()
        for c, text in enumerate(("Data", "Isian", "Keterangan")):
            ws.write_string(0, c, text, head)
        label = self.st.fmt(bold=True, bg_color=LABEL_BG, border=1, border_color="#BFBFBF", text_wrap=True)
        note = self.st.fmt(italic=True, font_color=NOTE, text_wrap=True)
        for r, f in enumerate(fields, start=1):
            ws.write_string(r, 0, f.label, label)
            self.cell(ws, r, 1, values.get(f.key), f.key in locked, f.kind)
            ws.write_string(r, 2, say(f.help) + ("" if f.required else " Boleh kosong."), note)
            ws.set_row(r, 30)
            if f.key not in locked:
                ws.data_validation(r, 1, r, 1, {"validate": "any", "input_title": f.label[:32],
                                                "input_message": say(f.help)[:255]})
        ws.set_column(0, 0, label_width)
        ws.set_column(1, 1, 44)
        ws.set_column(2, 2, 56)
        ws.freeze_panes(1, 0)

    @staticmethod
    def hide(ws) -> None:
        ws.hide()
        ws.protect("", PROTECT_OPTIONS)

    @staticmethod
    def protect(ws) -> None:
        ws.protect("", PROTECT_OPTIONS)
