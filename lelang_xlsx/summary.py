"""The closing table of ``lelang run`` (rich when on a terminal, plain text otherwise)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .output.safetext import literal
from .model import PACT_ISSUED, PACT_LOCKED, PACT_SIGNED, PACT_WAITING


def _pact_cell(r) -> str:
    st = r.state
    if st is None:
        return "ya" if r.pact else ("tidak — " + r.note if r.note else "tidak")
    if st.state == PACT_ISSUED:
        return "terbit" if st.reason in ("", "pakta terbit") else f"terbit: {st.reason}"
    if st.state == PACT_SIGNED:
        return "ditandatangani"
    if st.state == PACT_WAITING:
        return st.reason or st.state
    return f"{st.state}: {st.reason}" if st.reason else st.state


def closing_lines(result, auction) -> list[str]:
    """The lines under the table: form errors apart from pending decisions, the pacts,
    who waits for the session, and any pact withdrawn in this run and why."""
    s = result.report.stats()
    parts = [f"{s['files_valid']} berkas valid dari {s['files']}"]
    if s["files"] - s["files_valid"]:
        parts.append(f"{s['files'] - s['files_valid']} berkas dengan galat formulir")
    pending = sum(getattr(r, "undecided", 0) for r in result.rows)
    if pending:
        parts.append(f"{pending} tawaran belum diputuskan")
    invalid = sum(getattr(r, "invalid", 0) for r in result.rows)
    if invalid:
        parts.append(f"{invalid} tawaran dengan isian tidak valid")
    states = getattr(result.pacts, "states", {}) or {}
    locked = [k for k, st in states.items() if st.state == PACT_LOCKED]
    parts.append(f"{len(result.pacts.written)} pakta" + (f" ({len(locked)} terkunci)" if locked else ""))
    lines = ["; ".join(parts) + f"; {s['errors']} galat, {s['warnings']} peringatan. Hasil di {auction.hasil}/"]
    new = getattr(result.pacts, "new", [])
    if new:
        lines.append(f"Pakta baru terbit: {', '.join(new)} (dicatat di hasil/kesepakatan.xlsx).")
    adopted = getattr(result.pacts, "adopted", [])
    if adopted:
        lines.append(f"Daftar kesepakatan disusun ulang dari pakta yang sudah terbit: {', '.join(adopted)}.")
    waiting = [k for k, st in states.items() if st.state == PACT_WAITING]
    if waiting:
        lines.append(f"Menunggu sesi Tim Penilai (Sesi Selesai belum Ya): {', '.join(waiting)}.")
    reopened = [k for k, st in states.items() if st.reason.startswith("sesi dibuka ulang")]
    if reopened:
        lines.append(f"Sesi dibuka ulang, pakta yang berlaku tidak ditarik (isi Berlaku Mulai dan Alasan Perubahan, "
                     f"lalu Sesi Selesai = Ya untuk perubahan): {', '.join(reopened)}.")
    for kode, why in getattr(result.pacts, "amended", {}).items():
        old = getattr(result.pacts, "superseded", {}).get(kode)
        shown = old.relative_to(auction.root).as_posix() if old is not None and old.is_relative_to(auction.root) else old
        lines.append(f"Pakta {kode} {why}; pakta sebelumnya tetap tercatat dan diarsipkan di {shown}.")
    for kode, (path, why) in sorted(getattr(result.pacts, "withdrawn", {}).items()):
        shown = path.relative_to(auction.root).as_posix() if path.is_relative_to(auction.root) else path
        lines.append(f"Pakta {kode} ditarik dan diarsipkan di {shown}: {why}.")
    old_decks = (getattr(result, "manifest", None) or {}).get("summary", {}).get("paparan_removed", [])
    if old_decks:
        lines.append(f"Bahan paparan dari run sebelumnya dihapus karena tidak sesuai lagi ({len(old_decks)} berkas di "
                     f"hasil/paparan/); buat ulang dengan --paparan bila diperlukan.")
    hidden = (getattr(result, "manifest", None) or {}).get("summary", {}).get("hidden_skipped", [])
    if hidden:
        lines.append(f"Berkas tersembunyi tidak diperiksa (nama diawali titik): {', '.join(hidden)}. Bila itu formulir, "
                     "hapus titik di awal namanya.")
    for moved in (getattr(result, "manifest", None) or {}).get("summary", {}).get("archived_foreign", []):
        lines.append(f"Berkas {moved['dari']} tidak ditulis oleh lelang: tidak dihapus, dipindah ke {moved['ke']}.")
    if locked:
        lines.append(f"Pakta terkunci (formulir atau tawaran berubah setelah terbit, LK509): {', '.join(locked)}.")
    return lines


def cell(value: object) -> Text:
    """A table cell or line holding workbook text: shown literally (no rich markup, no
    emoji codes, control characters written out)."""
    return Text(literal(value))


def console_for(file, width: int = 160) -> Console:
    """The console of a closing table; nothing printed on it is read as markup."""
    return Console(file=file, highlight=False, soft_wrap=False, markup=False, emoji=False,
                   width=None if file.isatty() else width)


def print_summary(result, auction, file=None) -> None:
    console = console_for(file or sys.stdout)
    table = Table(title="Ringkasan Lelang Kinerja", show_lines=False)
    for col in ("Kode OPD", "Nama OPD", "Status", "Galat", "Peringatan", "Tawaran", "Sanggup", "Tidak Sanggup", "Pakta"):
        table.add_column(col, justify="right" if col in ("Galat", "Peringatan", "Tawaran", "Sanggup", "Tidak Sanggup") else "left")
    for r in result.rows:
        table.add_row(*(cell(v) for v in (r.kode, r.nama, r.status, r.errors, r.warnings, r.offers, r.sanggup,
                                          r.tidak_sanggup, _pact_cell(r))))
    console.print(table)
    for line in closing_lines(result, auction):
        console.print(cell(line), soft_wrap=True)
