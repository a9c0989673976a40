"""The session view: the recap's first sheet, shown on the projector while the panel sits.

One block per OPD in the panel list's order (the order of presentation): a title row
with the OPD's name and where its offers stand, then one row per indicator with only
what the panel discusses — indicator, unit, polarity, baseline (year), the proposed
yearly path, the proposed end point, the offer, the decision and the agreed end point —
in 16 pt type, the indicator column frozen, the zoom chosen so the nine columns fill a
1920-pixel-wide screen. Decisions are coloured: ``Sanggup`` green, ``Tidak Sanggup``
amber, ``Belum diputuskan`` red, ``Tanpa tawaran`` grey.

Values are shown as Indonesian text (``1.234,5``) so the view reads the same in any
spreadsheet locale; the numbers themselves are in the ``Indikator`` data sheet. Rows are
rendered as sheet XML per OPD (:mod:`lelang_xlsx.output.xlsxbulk`) and cached like the data
sheets' rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import contract as C
from ..output.textfmt import number
from ..output.xlsxbulk import BulkSheet, render_rows
from ..output.xlsxstyle import (DECISION_BELUM, DECISION_COLORS, DECISION_INVALID, DECISION_TANPA, HEADER_BG, HEADER_FG,
                         MAX_CELL_CHARS, Styles, is_blank, line_height, print_fit_width, wrapped_lines)
from .build import (H_DISEPAKATI, H_INDIKATOR, H_KEPUTUSAN, H_KODE, H_KODE_IND, H_KODE_OPD, H_NAMA,
                    H_NILAI_DASAR, H_POLARITAS, H_SATUAN, H_STATUS, H_TAHUN_DASAR, H_TAHUN_DISEPAKATI,
                    H_TARGET_AKHIR, H_TAWARAN, H_TAWARAN_TAHUN, SHEET_INDIKATOR, SHEET_PER_OPD,
                    STATUS_ERRORS, STATUS_MISSING, STATUS_VALID)

SHEET_SESI = "Sesi Penilaian"
FONT_SIZE = 16
TITLE_FONT_SIZE = 18
SCREEN_WIDTH_PX = 1920
_USABLE_PX = 1780  # the screen less the row headers, scroll bar and window frame
_UNIT_PX = 7  # one column-width unit (Calibri 11 digit) in pixels at 100 %
_FONT_RATIO = FONT_SIZE / 11  # 16 pt text needs this much more width than 11 pt

S_INDIKATOR = "Indikator"
S_SATUAN = "Satuan"
S_POLARITAS = "Polaritas"
S_DASAR = "Nilai Dasar (Tahun)"
S_USULAN_AKHIR = "Usulan Akhir"
S_TAWARAN = "Tawaran"
S_KEPUTUSAN = "Keputusan"
S_DISEPAKATI = "Disepakati"
EMPTY = "–"


def path_header(years) -> str:
    years = list(years)
    return f"Usulan {years[0]}–{years[-1]}" if years else "Usulan per Tahun"


def columns(years) -> list[str]:
    return [S_INDIKATOR, S_SATUAN, S_POLARITAS, S_DASAR, path_header(years), S_USULAN_AKHIR, S_TAWARAN,
            S_KEPUTUSAN, S_DISEPAKATI]


_WRAP = {S_INDIKATOR, S_SATUAN}
_FIXED_WIDTH = {S_INDIKATOR: 42, S_SATUAN: 14, S_POLARITAS: 13, S_KEPUTUSAN: 26}
_BOLD = 1.12  # bold text is about this much wider


def _num(value) -> str:
    return EMPTY if is_blank(value) else number(value)


def _with_year(value, year) -> str:
    if is_blank(value):
        return EMPTY
    return f"{number(value)} ({int(year)})" if not is_blank(year) else number(value)


def _year_of(header: str) -> int:
    return int(header.rsplit(" ", 1)[1])


def _indicator_rows(ind: pd.DataFrame, years) -> dict[str, list[tuple]]:
    """Kode OPD -> the view's rows: (texts..., decision label or None)."""
    target_cols = [C.target_header(y) for y in years]
    has_offers = H_KEPUTUSAN in ind.columns
    out: dict[str, list[tuple]] = {}
    last_year = years[-1] if years else None
    for rec in ind.to_dict("records"):
        path = " · ".join(_num(rec.get(c)) for c in target_cols)
        decision = rec.get(H_KEPUTUSAN) if has_offers else None
        decision = None if is_blank(decision) else decision
        offer = _with_year(rec.get(H_TAWARAN), rec.get(H_TAWARAN_TAHUN)) if has_offers else EMPTY
        agreed = _with_year(rec.get(H_DISEPAKATI), rec.get(H_TAHUN_DISEPAKATI)) if has_offers else EMPTY
        name = f"{rec[H_KODE_IND]} · {rec[H_INDIKATOR]}" if rec.get(H_KODE_IND) else str(rec.get(H_INDIKATOR) or "")
        out.setdefault(str(rec[H_KODE_OPD]), []).append((
            name,
            str(rec.get(H_SATUAN) or ""),
            str(rec.get(H_POLARITAS) or ""),
            _with_year(rec.get(H_NILAI_DASAR), rec.get(H_TAHUN_DASAR)),
            path,
            _with_year(rec.get(H_TARGET_AKHIR), last_year),
            offer,
            decision if decision is not None else EMPTY,
            agreed,
        ))
    return out


def _summary(rows: list[tuple], status: str) -> str:
    if status == STATUS_ERRORS:
        return "formulir masih memiliki galat: belum dapat dibahas"
    if status == STATUS_MISSING:
        return "belum mengirim formulir"
    n = len(rows)
    decisions = [r[7] for r in rows]
    offers = sum(d not in (DECISION_TANPA, EMPTY) for d in decisions)
    parts = [f"{n} indikator", f"{offers} tawaran"]
    undecided = sum(d in (DECISION_BELUM, DECISION_INVALID) for d in decisions)
    if undecided:
        parts.append(f"{undecided} belum diputuskan")
    return " · ".join(parts)


@dataclass
class SessionFormats:
    """The view's cell formats, registered in a fixed order (stable style indices, so
    cached row blocks stay valid across runs)."""

    st: Styles

    def __post_init__(self) -> None:
        st = self.st
        self.header = st.fmt(bold=True, font_color=HEADER_FG, bg_color=HEADER_BG, text_wrap=True,
                             valign="vcenter", align="center", border=1, border_color="#BFBFBF")
        self.title = st.fmt(bold=True, font_size=TITLE_FONT_SIZE, font_color=HEADER_FG, bg_color="#2F5597",
                            valign="vcenter", border=1, border_color="#BFBFBF")
        self.title_muted = st.fmt(bold=True, font_size=TITLE_FONT_SIZE, font_color="#FFFFFF", bg_color="#7F7F7F",
                                  valign="vcenter", border=1, border_color="#BFBFBF")
        self.text = st.fmt(text_wrap=True, border=1, border_color="#BFBFBF")
        self.indicator = st.fmt(text_wrap=True, bold=True, border=1, border_color="#BFBFBF")
        self.center = st.fmt(align="center", border=1, border_color="#BFBFBF")
        self.value = st.fmt(align="right", border=1, border_color="#BFBFBF")
        self.decision = {label: st.fmt(bold=True, align="center", bg_color=fill, font_color=font, border=1,
                                       border_color="#BFBFBF")
                         for label, (fill, font) in DECISION_COLORS.items()}
        self.no_decision = self.center
        for f in self.all():
            f._get_xf_index()

    def all(self) -> list:
        return [self.header, self.title, self.title_muted, self.text, self.indicator, self.center, self.value,
                *self.decision.values()]

    def signature(self) -> list[int]:
        return [f._get_xf_index() for f in self.all()]


def _widths(cols: list[str], rows: list[tuple]) -> list[float]:
    widths = []
    for c, header in enumerate(cols):
        if header in _FIXED_WIDTH:
            widths.append(float(_FIXED_WIDTH[header]))
            continue
        longest = max([len(r[c]) for r in rows] + [max(len(w) for w in header.split())])
        widths.append(float(min(math.ceil(longest * _FONT_RATIO * 1.1) + 3, 44)))
    return widths


def zoom_for(widths: list[float], screen_px: int = SCREEN_WIDTH_PX) -> int:
    """The zoom (in steps of 5 %) at which the columns fill a ``screen_px`` wide screen."""
    total = sum(w * _UNIT_PX + 5 for w in widths)
    usable = _USABLE_PX * screen_px / SCREEN_WIDTH_PX
    return int(max(70, min(160, usable / total * 100)) // 5 * 5)


def _render_rows(rows: list[tuple], fm: SessionFormats, widths: list[float]) -> bytes:
    kinds = [fm.indicator, fm.text, fm.center, fm.value, fm.value, fm.value, fm.value, None, fm.value]
    out = []
    for r in rows:
        lines = max(wrapped_lines(r[0], widths[0] / _FONT_RATIO / _BOLD), wrapped_lines(r[1], widths[1] / _FONT_RATIO),
                    wrapped_lines(r[4], widths[4] / _FONT_RATIO))
        cells = []
        for c, text in enumerate(r):
            fmt = kinds[c] if kinds[c] is not None else fm.decision.get(text, fm.no_decision)
            cells.append(("text", text[:MAX_CELL_CHARS], fmt) if text else ("blank", None, fmt))
        out.append((cells, line_height(lines, FONT_SIZE)))
    return render_rows(out)


def _render_title(text: str, fmt, n_cols: int) -> bytes:
    cells = [("text", text[:MAX_CELL_CHARS], fmt)] + [("blank", None, fmt)] * (n_cols - 1)
    return render_rows([(cells, line_height(1, TITLE_FONT_SIZE) + 6)])


def write_session(wb, fm: SessionFormats, frames: dict[str, pd.DataFrame], years, title: str,
                  bulk: list, blocks=None) -> None:
    """The session sheet (first sheet of the recap); rows go to ``bulk`` for
    :func:`lelang_xlsx.output.xlsxbulk.patch`."""
    ws = wb.add_worksheet(SHEET_SESI)
    years = list(years)
    cols = columns(years)
    ind = frames.get(SHEET_INDIKATOR, pd.DataFrame())
    per_opd = frames.get(SHEET_PER_OPD, pd.DataFrame())
    rows_by_opd = _indicator_rows(ind, years) if len(ind) else {}
    widths = _widths(cols, [r for rows in rows_by_opd.values() for r in rows])
    for c, header in enumerate(cols):
        ws.write_string(0, c, header, fm.header)
        ws.set_column(c, c, widths[c])
    ws.set_row(0, line_height(max(wrapped_lines(h, w / _FONT_RATIO) for h, w in zip(cols, widths)), FONT_SIZE) + 4)
    sheet = BulkSheet(ws, len(cols))
    bulk.append(sheet)
    r = 1
    for rec in per_opd.to_dict("records"):
        kode, status = str(rec[H_KODE]), rec.get(H_STATUS)
        rows = rows_by_opd.get(kode, []) if status == STATUS_VALID else []
        text = f"{kode} — {rec.get(H_NAMA) or ''} · {_summary(rows, status)}"
        key = blocks.key(SHEET_SESI, kode, widths) if blocks is not None and status == STATUS_VALID else None
        fragment = blocks.get(key) if key else None
        if fragment is None:
            fragment = _render_title(text, fm.title if status == STATUS_VALID else fm.title_muted, len(cols))
            fragment += _render_rows(rows, fm, widths)
            if key:
                blocks.put(key, fragment)
        ws.merge_range(r, 0, r, len(cols) - 1, "", fm.title)  # its cells are replaced by the block's XML
        sheet.add(fragment, 1 + len(rows))
        r += 1 + len(rows)
    ws.freeze_panes(1, 1)
    ws.set_zoom(zoom_for(widths))
    ws.hide_gridlines(2)
    ws.activate()
    print_fit_width(ws, repeat_rows=0, title=title)
