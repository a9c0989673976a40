"""``hasil/laporan.xlsx``, the secretariat's desk.

* ``Status Pakta`` (when the pact states are given): one row per OPD of the panel list
  with where its pact stands (``siap cetak``, ``ditahan: Penawaran!L27 belum
  diputuskan``, ``menunggu sesi``, ``ada galat``, ``belum mengirim``,
  ``terkunci``), why, and the next step.
* ``Temuan``: every finding, one row each, plus a status row per file; the OPD code is
  filled on every row (offer findings carry the OPD of their penawaran row;
  findings about the auction as a whole say ``(umum)``), so a filter on one OPD keeps
  everything about it.
* ``Status Berkas``: one row per submitted file.

Every sheet prints landscape, one page wide, with its header row repeated.
"""

from __future__ import annotations

import functools
from pathlib import Path

import xlsxwriter

from .. import rules
from ..output.atomic import write_with
from ..checking.feedback import next_step
from ..checking.findings import Report
from ..vocab import ERROR_FILL, OK_FILL, WARNING_FILL
from ..model import (PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED, PACT_LOCKED, PACT_NO_SUBMISSION, PACT_SIGNED, PACT_WAITING,
                    PactState)
from ..output.xlsxstyle import (DECISION_BELUM, DECISION_COLORS, DECISION_SANGGUP, DECISION_TANPA, DECISION_TIDAK_SANGGUP,
                        FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, print_fit_width, wrapped_lines)

SHEET_STATUS_PAKTA = "Status Pakta"
SHEET_TEMUAN = "Temuan"
SHEET_STATUS_BERKAS = "Status Berkas"
GENERAL = "(umum)"  # the OPD code of a finding about the auction as a whole (panel.xlsx)

STATE_LABELS = {
    PACT_ISSUED: "siap cetak",
    PACT_SIGNED: "ditandatangani",
    PACT_LOCKED: "terkunci",
    PACT_WAITING: "menunggu sesi",
    PACT_HELD: "ditahan",
    PACT_FORM_ERRORS: PACT_FORM_ERRORS,
    PACT_NO_SUBMISSION: "belum mengirim",
}
# fill, font of the state cell, in the decisions' colours: done green, held or locked amber,
# the OPD's turn red, nothing yet grey; waiting for the session light blue
_GREEN, _AMBER, _RED, _GREY = (DECISION_COLORS[k] for k in (DECISION_SANGGUP, DECISION_TIDAK_SANGGUP,
                                                            DECISION_BELUM, DECISION_TANPA))
STATE_COLORS = {PACT_ISSUED: _GREEN, PACT_SIGNED: _GREEN, PACT_LOCKED: _AMBER, PACT_WAITING: ("#DDEBF7", "#1F4E79"),
                PACT_HELD: _AMBER, PACT_FORM_ERRORS: _RED, PACT_NO_SUBMISSION: _GREY}

STATUS_HEADERS = ["Kode OPD", "Nama OPD", "Status Pakta", "Keterangan", "Langkah Berikutnya", "Berkas Pakta"]
STATUS_WIDTHS = (12, 34, 34, 40, 52, 34)
TEMUAN_HEADERS = ["Berkas", "Kode OPD", "Jenis", "Lembar", "Sel", "Kode", "Tingkat", "Judul", "Pesan"]
TEMUAN_WIDTHS = (28, 12, 9, 16, 7, 8, 11, 34, 90)
BERKAS_HEADERS = ["Berkas", "Kode OPD", "Nama OPD", "Status", "Galat", "Peringatan", "Langkah Berikutnya (OPD)"]
BERKAS_WIDTHS = (30, 12, 52, 24, 8, 11, 44)


def state_label(state: PactState) -> str:
    """The state as the secretariat reads it: ``ditahan`` says what holds the pact."""
    label = STATE_LABELS.get(state.state, state.state)
    if state.state == PACT_HELD and state.reason:
        label += f": {state.reason}"
    return label


def write_laporan(path: Path, report: Report, states: dict[str, PactState] | None = None,
                  issued: frozenset[str] = frozenset()) -> None:
    """Write the report atomically; with ``states`` (kode OPD -> PactState, in the panel
    list's order) the ``Status Pakta`` sheet comes first. ``issued``: OPD codes whose pact
    is issued (the OPD's next step for its file then says not to resend)."""
    write_with(path, lambda tmp: _write(tmp, report, states, issued))


def file_next_step(fs, issued: frozenset[str]) -> str:
    return next_step(fs.errors, fs.warnings, bool(fs.kode_opd) and fs.kode_opd in issued)


def _table(ws, st: Styles, headers: list[str], widths, n_rows: int, title: str) -> None:
    for c, (header, w) in enumerate(zip(headers, widths)):
        ws.write_string(0, c, header, st.header())
        ws.set_column(c, c, w)
    ws.autofilter(0, 0, max(n_rows, 1), len(headers) - 1)
    ws.freeze_panes(1, 0)
    print_fit_width(ws, title=title)


def _row_height(values, widths, wrapped) -> float | None:
    lines = max([_lines(values[c], widths[c]) for c in wrapped if isinstance(values[c], str)] + [1])  # else 1 line
    return line_height(lines) if lines > 1 else None


@functools.lru_cache(maxsize=4096)
def _lines(text, width) -> int:
    """wrapped_lines, once per text and width: a report of 1,000 OPDs repeats its reasons,
    next steps and titles on many rows."""
    return wrapped_lines(text, width)


def _write_states(wb, st: Styles, states: dict[str, PactState], title: str) -> None:
    ws = wb.add_worksheet(SHEET_STATUS_PAKTA)
    _table(ws, st, STATUS_HEADERS, STATUS_WIDTHS, len(states), title)
    for r, state in enumerate(states.values(), start=1):
        values = [state.kode_opd, state.nama_opd, state_label(state), state.reason, state.next_step, state.pact]
        height = _row_height(values, STATUS_WIDTHS, (1, 2, 3, 4, 5))
        if height:
            ws.set_row(r, height)
        fill, font = STATE_COLORS.get(state.state, ("#FFFFFF", "#000000"))
        for c, value in enumerate(values):
            if c == 2:
                st.put(ws, r, c, value, wrap=True, bold=True, bg_color=fill, font_color=font)
            else:
                st.put(ws, r, c, value, wrap=c in (1, 3, 4, 5))


def _opd_of(finding, kode_of: dict[str, str]) -> str:
    return finding.kode_opd or kode_of.get(finding.file) or GENERAL


def _write(tmp: Path, report: Report, states: dict[str, PactState] | None, issued: frozenset[str]) -> None:
    wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
    wb.set_properties({"title": "Laporan Pemeriksaan Lelang Kinerja", "created": FIXED_CREATED,
                       "author": "lelang-xlsx"})
    st = Styles(wb)
    title = "Laporan Pemeriksaan Lelang Kinerja"
    if states is not None:
        _write_states(wb, st, states, f"{title} — {SHEET_STATUS_PAKTA}")

    ws = wb.add_worksheet(SHEET_TEMUAN)
    findings = report.findings
    _table(ws, st, TEMUAN_HEADERS, TEMUAN_WIDTHS, len(report.files) + len(findings), f"{title} — {SHEET_TEMUAN}")
    kode_of = {fs.file: fs.kode_opd for fs in report.files if fs.kode_opd}
    r = 1
    for fs in report.files:
        summary = f"{fs.status}: {fs.errors} galat, {fs.warnings} peringatan; {file_next_step(fs, issued)}"
        values = [fs.file, fs.kode_opd or GENERAL, "status", "", "", "STATUS", fs.status, "Status berkas", summary]
        for c, v in enumerate(values):
            st.put(ws, r, c, v, wrap=c in (0, 8), bold=True, bg_color="#DDEBF7")
        r += 1
    for f in findings:
        fill = ERROR_FILL if f.is_error else WARNING_FILL
        values = [f.file, _opd_of(f, kode_of), "temuan", f.sheet, f.cell, f.code, rules.SEVERITY_NAMES[f.severity],
                  rules.get(f.code).title, f.message]
        height = _row_height(values, TEMUAN_WIDTHS, (7, 8))
        if height:
            ws.set_row(r, height)
        for c, v in enumerate(values):
            if c in (5, 6):
                st.put(ws, r, c, v, bg_color=fill)
            else:
                st.put(ws, r, c, v, wrap=c in (0, 7, 8))
        r += 1

    ws = wb.add_worksheet(SHEET_STATUS_BERKAS)
    _table(ws, st, BERKAS_HEADERS, BERKAS_WIDTHS, len(report.files), f"{title} — {SHEET_STATUS_BERKAS}")
    for i, fs in enumerate(report.files, start=1):
        fill = ERROR_FILL if fs.errors else WARNING_FILL if fs.warnings else OK_FILL
        step = file_next_step(fs, issued)
        height = _row_height([fs.file, fs.kode_opd, fs.nama_opd, "", "", "", step], BERKAS_WIDTHS, (0, 2, 6))
        if height:
            ws.set_row(i, height)
        for c, v in enumerate([fs.file, fs.kode_opd, fs.nama_opd]):
            st.put(ws, i, c, v, wrap=c != 1)
        st.put(ws, i, 3, fs.status, bg_color=fill)
        st.put(ws, i, 4, fs.errors, decimals=0)
        st.put(ws, i, 5, fs.warnings, decimals=0)
        st.put(ws, i, 6, step, wrap=True)
    wb.close()
