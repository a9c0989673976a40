"""The closing table of ``lelang run`` (rich when on a terminal, plain text otherwise)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table


def print_summary(result, auction, file=None) -> None:
    console = Console(file=file or sys.stdout, highlight=False, soft_wrap=False,
                      width=None if (file or sys.stdout).isatty() else 140)
    table = Table(title="Ringkasan Lelang Kinerja", show_lines=False)
    for col in ("Kode OPD", "Nama OPD", "Status", "Galat", "Peringatan", "Tawaran", "Sanggup", "Tidak Sanggup", "Pakta"):
        table.add_column(col, justify="right" if col in ("Galat", "Peringatan", "Tawaran", "Sanggup", "Tidak Sanggup") else "left")
    for r in result.rows:
        table.add_row(r.kode, r.nama, r.status, str(r.errors), str(r.warnings), str(r.offers), str(r.sanggup),
                      str(r.tidak_sanggup), "ya" if r.pact else ("tidak — " + r.note if r.note else "tidak"))
    console.print(table)
    s = result.report.stats()
    console.print(
        f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} peringatan; "
        f"{len(result.pacts.written)} pakta. Hasil di {auction.hasil}/"
    )
