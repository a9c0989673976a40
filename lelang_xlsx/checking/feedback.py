"""What the ``Hasil Pemeriksaan`` sheet of an annotated copy says.

Both ways of writing the annotated copy (:mod:`lelang_xlsx.workbooks.annotate_fast` at zip level,
:mod:`lelang_xlsx.workbooks.annotate` with openpyxl) take their content from here, so an OPD
operator sees the same sheet either way: a heading (OPD, file, date of the check,
counts), the colour legend, the next step, then every finding in workbook order
(sheet by sheet, then row and column) with a link to its cell.

The date of the check is passed in (:class:`Heading`); when it is not,
:func:`run_date` gives today, or the day of ``SOURCE_DATE_EPOCH`` when that is set
(reproducible builds, tests).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from dataclasses import dataclass

from .. import rules
from .findings import Finding
from ..reading.tables import show
from ..output.textfmt import date_long
from ..output.xlsxstyle import wrapped_lines

FINDINGS_SHEET = "Hasil Pemeriksaan"
TITLE = "Hasil Pemeriksaan Formulir Lelang Kinerja"
HEADERS = ("No", "Kode", "Tingkat", "Lembar", "Sel", "Pesan")
WIDTHS = (5, 8, 11, 16, 8, 110)
NO_FINDINGS = "Tidak ada temuan. Formulir sudah sesuai."
CELL_LIMIT = 32767
LINE_HEIGHT = 15.0  # points per line of 11 pt text
MAX_HEIGHT = 409.0  # the largest row height a spreadsheet accepts

LEGEND = {
    rules.ERROR: "Merah = galat: harus diperbaiki. Selama masih ada galat, formulir ini belum masuk rekap dan pakta.",
    rules.WARNING: "Kuning = peringatan: periksa kembali. Perbaiki jika memang keliru; boleh dibiarkan jika isiannya "
                   "sudah benar.",
}
HOW_TO = ("Klik alamat di kolom Sel untuk menuju selnya; komentar pada sel berwarna berisi pesan yang sama. Warna, "
          "komentar dan lembar ini tidak perlu dihapus. Arti setiap kode: lembar Petunjuk, atau tanyakan sekretariat "
          "(lelang rules KODE).")
# The next step follows the state of the form and its pact: short (terminal, report) and in full (annotated copy).
STEP_ERRORS = "perbaiki lalu kirim ulang"
STEP_WARNINGS = "kirim ulang hanya bila isian memang keliru"
STEP_CLEAN = "tidak perlu kirim ulang"
STEP_PACT = "pakta sudah terbit: jangan kirim ulang tanpa menghubungi sekretariat"
NEXT_STEP = ("Perbaiki sel yang ditandai, lalu kirim ulang berkas ini ke sekretariat. "
             + HOW_TO)
NEXT_STEP_WARNINGS = ("Formulir sudah diterima. Periksa sel yang ditandai kuning; kirim ulang hanya bila isian memang "
                      "keliru. " + HOW_TO)
NEXT_STEP_PACT = ("Pakta Integritas OPD ini sudah terbit: jangan kirim ulang tanpa menghubungi "
                  "sekretariat, karena formulir baru mengubah kesepakatan yang sudah ditandatangani.")
NEXT_STEP_CLEAN = "Tidak ada yang perlu diperbaiki. Simpan berkas ini sebagai arsip."


@dataclass(frozen=True)
class Voice:
    """The words of one round on the annotated copy: its title and what an error holds back."""

    title: str
    blocks: str  # the red legend row


AUCTION = Voice(TITLE, LEGEND[rules.ERROR])


def round_voice(kind: str, year: int) -> Voice:
    """The annotated copy's words for a yearly round: ``evaluasi``, ``pantau`` or ``pk``."""
    red = "Merah = galat: harus diperbaiki. Selama masih ada galat, "
    texts = {
        "evaluasi": (f"Umpan Balik Evaluasi Kinerja Tahun {year}",
                     f"formulir realisasi ini belum masuk evaluasi dan rapor kinerja tahun {year}."),
        "pantau": (f"Hasil Pemeriksaan Pemantauan Triwulan Tahun {year}",
                   f"berkas ini belum masuk pemantauan triwulan Rencana Aksi tahun {year}."),
        "pk": (f"Hasil Pemeriksaan Formulir Perjanjian Kinerja Tahun {year}",
               f"formulir ini belum menjadi dokumen Perjanjian Kinerja tahun {year}."),
    }
    title, rest = texts[kind]
    return Voice(title, red + rest)


def next_step(errors: int, warnings: int, pact_issued: bool = False, short: bool = True) -> str:
    """What the OPD does next, from the state: the pact issued first (a resend changes a
    signed agreement), then errors, warnings only, nothing."""
    if pact_issued:
        return STEP_PACT if short else NEXT_STEP_PACT
    if errors:
        return STEP_ERRORS if short else NEXT_STEP
    if warnings:
        return STEP_WARNINGS if short else NEXT_STEP_WARNINGS
    return STEP_CLEAN if short else NEXT_STEP_CLEAN


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str, limit: int = CELL_LIMIT) -> str:
    """Text safe for XML (no illegal control characters) and within ``limit``."""
    return _ILLEGAL.sub("", str(text))[:limit]


def run_date() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class Heading:
    """Who and what was checked; ``checked_on`` None means :func:`run_date`."""

    opd: str = ""
    file: str = ""
    checked_on: dt.date | None = None
    pact_issued: bool = False  # the OPD's pact is in the register: the form must not simply be resent
    voice: Voice = AUCTION  # the round's own title and legend


@dataclass(frozen=True)
class IntroRow:
    """One row above the findings table: a label (column A) and a text (column F)."""

    label: str
    text: str
    style: str = ""  # "" plain, "title", or a severity (the legend rows are filled in its colour)


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.is_error for f in findings)
    return errors, len(findings) - errors


def verdict(findings: list[Finding]) -> str:
    errors, warnings = counts(findings)
    if not findings:
        return NO_FINDINGS
    text = f"{errors} galat, {warnings} peringatan"
    if errors:
        return text + ": formulir belum dapat diterima."
    return text + ": formulir diterima; periksa peringatannya."


def intro(findings: list[Finding], heading: Heading | None) -> list[IntroRow]:
    """The heading, legend and next step, in sheet order (row 1 is the title)."""
    h = heading or Heading()
    rows = [IntroRow("", h.voice.title, "title")]
    if h.opd:
        rows.append(IntroRow("OPD", h.opd))
    if h.file:
        rows.append(IntroRow("Berkas", h.file))
    rows.append(IntroRow("Tanggal pemeriksaan", date_long(h.checked_on or run_date())))
    rows.append(IntroRow("Hasil", verdict(findings)))
    rows.append(IntroRow("Arti warna", h.voice.blocks, rules.ERROR))
    rows.append(IntroRow("", LEGEND[rules.WARNING], rules.WARNING))
    errors, warnings = counts(findings)
    rows.append(IntroRow("Langkah berikutnya", next_step(errors, warnings, h.pact_issued, short=False)))
    return [IntroRow(clean_text(r.label), clean_text(r.text), r.style) for r in rows]


_STATES = ((), (True,), (False,), (True, False))  # no findings; an error; a warning; both


@functools.lru_cache(maxsize=1)
def wording() -> str:
    """A digest of every fixed text of the findings sheet: the intro of each round's voice in
    each state, the table header and the empty-table line. Part of the annotated copy's
    cache key, so a new version that words the sheet differently rebuilds the old copies
    (a test that patches a text clears this cache)."""
    voices = [AUCTION] + [round_voice(kind, 0) for kind in ("evaluasi", "pantau", "pk")]
    texts: list[str] = [FINDINGS_SHEET, NO_FINDINGS, *HEADERS]
    for voice in voices:
        for state in _STATES:
            found = [_Stub(e) for e in state]
            for issued in (False, True):
                h = Heading("o", "f", dt.date(2000, 1, 1), issued, voice)
                texts += [f"{r.label}\x1f{r.text}\x1f{r.style}" for r in intro(found, h)]  # type: ignore[arg-type]
    return hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Stub:
    """Stands for a finding in :func:`wording` (only its severity is read)."""

    is_error: bool


def header_row(findings: list[Finding], heading: Heading | None) -> int:
    """The 1-based row of the table header (one blank row after the intro)."""
    return len(intro(findings, heading)) + 2


def workbook_order(findings: list[Finding], sheetnames) -> list[Finding]:
    """File-level findings first, then sheet by sheet in workbook order, then row and column."""
    index = {name: i for i, name in enumerate(sheetnames)}

    def key(f: Finding) -> tuple:
        sheet_rank = -1 if not f.sheet else index.get(f.sheet, len(index))
        return (sheet_rank, f.sheet, f.row or 0, f.col or 0, f.code)

    return sorted(findings, key=key)


def location(sheet: str, cell: str) -> str:
    """Internal hyperlink location, e.g. ``'Indikator'!K5``."""
    return "'%s'!%s" % (sheet.replace("'", "''"), cell)


@dataclass(frozen=True)
class ListingRow:
    no: int
    code: str
    level: str
    sheet: str
    cell: str
    message: str
    severity: str
    link: str | None  # hyperlink location or None


def listing(findings: list[Finding], sheetnames) -> list[ListingRow]:
    """The rows of the findings table (without its header), in workbook order."""
    names = set(sheetnames)
    out = []
    for n, f in enumerate(workbook_order(findings, sheetnames), start=1):
        link = location(f.sheet, f.cell) if (f.sheet in names and f.cell and f.sheet != FINDINGS_SHEET) else None
        out.append(ListingRow(n, clean_text(f.code), rules.SEVERITY_NAMES[f.severity], clean_text(show(f.sheet, 80)),
                              clean_text(f.cell), clean_text(f.message), f.severity, link))
    return out


def height(text: str, width: float = WIDTHS[-1], scale: float = 1.0) -> float | None:
    """Row height (points) for ``text`` wrapped in a column ``width`` wide; None for one line."""
    lines = wrapped_lines(text, width, chars_per_unit=1.25)
    if lines <= 1 and scale == 1.0:
        return None
    return min(MAX_HEIGHT, round(LINE_HEIGHT * scale * lines + 2, 1))
