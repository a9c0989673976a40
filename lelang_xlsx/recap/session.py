"""The session view: the recap's first sheet, shown on the projector while the panel sits.

One block per OPD in the panel list's order (the order of presentation): a title row
with the OPD's name and where its offers stand, then one row per indicator with only
what the panel discusses — indicator, unit, polarity, baseline (year), the proposed
yearly path, the proposed end point, the offer, the decision and the agreed end point —
in 16 pt type, the indicator column frozen, the zoom chosen so the nine columns fill a
1920-pixel-wide screen. Decisions are coloured: ``Sanggup`` green, ``Tidak Sanggup``
amber, ``Belum diputuskan`` red, ``Tanpa tawaran`` grey.

Values are shown as Indonesian text (``1.234,5``) so the view reads the same in any
spreadsheet locale; the numbers themselves are in the ``Indikator`` data sheet. An OPD's
block (title row and indicator rows) is rendered as sheet XML from that OPD's rows alone
(:func:`opd_block`) and cached like the data sheets' rows (:mod:`.blocks`): row heights
use the fixed widths of the wrapped columns, and the yearly path's rows are sized at that
column's widest (see :func:`opd_block`), which gives the same heights as its actual width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import contract as C
from ..output.textfmt import number
from ..output.xlsxbulk import BulkSheet, cell_xml, render_rows, row_open, table_xml
from ..output.xlsxstyle import (DECISION_BELUM, DECISION_COLORS, DECISION_INVALID, DECISION_TANPA, HEADER_BG, HEADER_FG,
                         MAX_CELL_CHARS, Styles, is_blank, line_height, print_fit_width, wrapped_lines)
from .build import (H_KODE, H_NAMA, H_STATUS, H_DISEPAKATI, H_INDIKATOR, H_KEPUTUSAN, H_KODE_IND, H_NILAI_DASAR,
                    H_TAHUN_DASAR, H_TAHUN_DISEPAKATI, H_TARGET_AKHIR, H_TAWARAN, H_TAWARAN_TAHUN, STATUS_ERRORS,
                    STATUS_MISSING, STATUS_VALID, Recap)

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


def _fields() -> tuple:
    """The form's columns the view shows as they are, after Indikator (contract ``shown_in``:
    Satuan, Polaritas); the recap's Indikator sheet has each of them."""
    return C.shown_in(C.INDIKATOR_FIELDS + C.INDIKATOR_TAIL_FIELDS, C.SESSION)


def columns(years) -> list[str]:
    return [S_INDIKATOR, *(f.label for f in _fields()), S_DASAR, path_header(years), S_USULAN_AKHIR, S_TAWARAN,
            S_KEPUTUSAN, S_DISEPAKATI]


_WRAP = {S_INDIKATOR, S_SATUAN}
_FIXED_WIDTH = {S_INDIKATOR: 42, S_SATUAN: 14, S_POLARITAS: 13, S_KEPUTUSAN: 26}
_BOLD = 1.12  # bold text is about this much wider
_WIDTH_PAD = 3
_MAX_WIDTH = 44


def _text(value) -> str:
    """A shown field as text: numbers in Indonesian form, blank as nothing."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _num(value)
    return str(value or "")


def _num(value) -> str:
    return EMPTY if is_blank(value) else number(value)


def _with_year(value, year) -> str:
    if is_blank(value):
        return EMPTY
    return f"{number(value)} ({int(year)})" if not is_blank(year) else number(value)


def session_rows(ind_cols: list[str], rows: list[tuple], years) -> list[tuple]:
    """One OPD's rows of the view, from its ``Indikator`` rows: (texts...)."""
    col = {h: i for i, h in enumerate(ind_cols)}
    targets = [col[C.target_header(y)] for y in years]
    has_offers = H_KEPUTUSAN in col
    last_year = years[-1] if years else None
    i_kode, i_ind = col[H_KODE_IND], col[H_INDIKATOR]
    shown = [col[f.label] for f in _fields()]
    i_dasar, i_tdasar, i_akhir = col[H_NILAI_DASAR], col[H_TAHUN_DASAR], col[H_TARGET_AKHIR]
    if has_offers:
        i_tw, i_twt, i_kep, i_dis, i_dist = (col[H_TAWARAN], col[H_TAWARAN_TAHUN], col[H_KEPUTUSAN], col[H_DISEPAKATI],
                                             col[H_TAHUN_DISEPAKATI])
    out = []
    for rec in rows:
        path = " · ".join([_num(rec[c]) for c in targets])
        decision = rec[i_kep] if has_offers else None
        decision = None if is_blank(decision) else decision
        offer = _with_year(rec[i_tw], rec[i_twt]) if has_offers else EMPTY
        agreed = _with_year(rec[i_dis], rec[i_dist]) if has_offers else EMPTY
        name = f"{rec[i_kode]} · {rec[i_ind]}" if rec[i_kode] else str(rec[i_ind] or "")
        out.append((
            name,
            *(_text(rec[c]) for c in shown),
            _with_year(rec[i_dasar], rec[i_tdasar]),
            path,
            _with_year(rec[i_akhir], last_year),
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
    decisions = [r[-2] for r in rows]
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
        # the yearly path wraps (at its separators) when it is wider than its column, on screen and in print
        self.path = st.fmt(text_wrap=True, align="right", border=1, border_color="#BFBFBF")
        for f in self.all():
            f._get_xf_index()

    def all(self) -> list:
        return [self.header, self.title, self.title_muted, self.text, self.indicator, self.center, self.value,
                *self.decision.values(), self.path]

    def signature(self) -> list[int]:
        return [f._get_xf_index() for f in self.all()]


def row_lengths(rows: list[tuple], n_cols: int) -> list[int]:
    """The longest text of each column of some rows (0 without rows)."""
    return [max([len(r[c]) for r in rows], default=0) for c in range(n_cols)]


def widths_for(cols: list[str], lengths: list[int]) -> list[float]:
    """Column widths from the longest text of each column over every OPD."""
    widths = []
    for c, header in enumerate(cols):
        if header in _FIXED_WIDTH:
            widths.append(float(_FIXED_WIDTH[header]))
            continue
        longest = max(lengths[c], max(len(w) for w in header.split()))
        widths.append(float(min(math.ceil(longest * _FONT_RATIO * 1.1) + _WIDTH_PAD, _MAX_WIDTH)))
    return widths


def zoom_for(widths: list[float], screen_px: int = SCREEN_WIDTH_PX) -> int:
    """The zoom (in steps of 5 %) at which the columns fill a ``screen_px`` wide screen."""
    total = sum(w * _UNIT_PX + 5 for w in widths)
    usable = _USABLE_PX * screen_px / SCREEN_WIDTH_PX
    return int(max(70, min(160, usable / total * 100)) // 5 * 5)


def _render_rows(rows: list[tuple], fm: SessionFormats) -> bytes:
    """The indicator rows of one OPD. Heights from the fixed widths of the indicator and
    unit columns and, for the yearly path, from the widest that column gets
    (``_MAX_WIDTH``): below that width the column fits its longest path on one line, so
    every path is one line at either width; at it, the widths are equal."""
    if not rows:
        return b""
    shown = [f.label for f in _fields()]
    styles = [fm.indicator, *(fm.text if h in _WRAP else fm.center for h in shown), fm.value, fm.path, fm.value,
              fm.value, None, fm.value]
    columns = []
    for c, values in enumerate(zip(*rows)):
        memo: dict[str, str] = {}
        cells = []
        for text in values:
            x = memo.get(text)
            if x is None:
                fmt = styles[c] if styles[c] is not None else fm.decision.get(text, fm.no_decision)
                x = memo[text] = cell_xml("text", text[:MAX_CELL_CHARS], fmt) if text else cell_xml("blank", None, fmt)
            cells.append(x)
        columns.append(cells)
    # the wrapped columns set the height: Indikator (bold), the wrapped shown fields, the yearly path
    wide = [(0, _FIXED_WIDTH[S_INDIKATOR] / _FONT_RATIO / _BOLD)]
    wide += [(c, _FIXED_WIDTH[h] / _FONT_RATIO) for c, h in enumerate(shown, start=1) if h in _WRAP]
    wide.append((len(shown) + 2, _MAX_WIDTH / _FONT_RATIO))
    opens = [row_open(line_height(max(wrapped_lines(r[c], w) for c, w in wide), FONT_SIZE)) for r in rows]
    return table_xml(opens, columns)


def _render_title(text: str, fmt, n_cols: int) -> bytes:
    cells = [("text", text[:MAX_CELL_CHARS], fmt)] + [("blank", None, fmt)] * (n_cols - 1)
    return render_rows([(cells, line_height(1, TITLE_FONT_SIZE) + 6)])


def opd_block(kode: str, nama: str, status: str, rows: list[tuple], fm: SessionFormats, n_cols: int) -> bytes:
    """An OPD's block in the view: its title row, then its indicator rows (valid OPDs)."""
    text = f"{kode} — {nama or ''} · {_summary(rows, status)}"
    return _render_title(text, fm.title if status == STATUS_VALID else fm.title_muted, n_cols) + _render_rows(rows, fm)


def write_session(wb, fm: SessionFormats, recap: Recap, blocks, title: str, bulk: list) -> None:
    """The session sheet (first sheet of the recap); rows go to ``bulk`` for
    :func:`lelang_xlsx.output.xlsxbulk.patch`. ``blocks`` (:class:`.blocks.OpdBlocks`)
    has each valid OPD's block and row lengths."""
    ws = wb.add_worksheet(SHEET_SESI)
    years = list(recap.years)
    cols = columns(years)
    lengths = [max(col, default=0) for col in zip(*(blocks.session_lengths(p) for p in recap.opds))] or [0] * len(cols)
    widths = widths_for(cols, lengths)
    for c, header in enumerate(cols):
        ws.write_string(0, c, header, fm.header)
        ws.set_column(c, c, widths[c])
    ws.set_row(0, line_height(max(wrapped_lines(h, w / _FONT_RATIO) for h, w in zip(cols, widths)), FONT_SIZE) + 4)
    sheet = BulkSheet(ws, len(cols))
    bulk.append(sheet)
    parts = {p.kode: p for p in recap.opds}
    i_kode, i_nama, i_status = (recap.per_opd.columns.index(h) for h in (H_KODE, H_NAMA, H_STATUS))
    r = 1
    for rec in recap.per_opd.rows:
        kode, status = str(rec[i_kode]), rec[i_status]
        part = parts.get(kode) if status == STATUS_VALID else None
        if part is not None:
            n = blocks.session_rows(part)
            sheet.add_stream(blocks.stream(part, SHEET_SESI), 1 + n, deflated=True)
        else:
            n = 0
            sheet.add(opd_block(kode, rec[i_nama], status, [], fm, len(cols)), 1)
        ws.merge_range(r, 0, r, len(cols) - 1, "", fm.title)  # its cells are replaced by the block's XML
        r += 1 + n
    ws.freeze_panes(1, 1)
    ws.set_zoom(zoom_for(widths))
    ws.hide_gridlines(2)
    ws.activate()
    print_fit_width(ws, repeat_rows=0, title=title)
