"""The closing table of ``lelang pk run``: per OPD its PK state, version, budget and
document (rich on a terminal, plain otherwise; past ``PLAIN_FROM`` OPDs one plain line
each, as in the other rounds)."""

from __future__ import annotations

import sys

from rich.console import Console

from ..output.safetext import literal
from ..rounds.cli import PLAIN_FROM
from .budget import rupiah
from .results import total

COLUMNS = ("Kode OPD", "Nama OPD", "Status PK", "Versi", "Jumlah Anggaran", "Keterangan")


def print_pk_summary(run, folder, year: int, file=None, tty: bool | None = None) -> None:
    out = file or sys.stdout
    tty = out.isatty() if tty is None else tty
    console = Console(file=out, highlight=False, soft_wrap=False, width=None if tty else 160)
    rows = [(o.kode, o.nama, o.status, str(o.current["versi"]) if o.current else "–",
             rupiah(total(o.isi)) if o.isi else "–", o.keterangan) for o in run.outcomes]
    if len(rows) > PLAIN_FROM:
        out.write(f"Ringkasan Perjanjian Kinerja {year} ({' | '.join(COLUMNS)})\n")
        for row in rows:
            out.write(f"  {' | '.join(literal(v) for v in row)}\n")
    else:
        from rich.table import Table

        table = Table(title=f"Ringkasan Perjanjian Kinerja {year}")
        for col in COLUMNS:
            table.add_column(col, justify="right" if col in ("Versi", "Jumlah Anggaran") else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table, markup=False)
    s = run.report.stats()
    console.print(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan; {len(run.docs)} PK. Hasil di {folder}/pk/{year}/hasil/; isian sekretariat di "
                  f"{folder}/pk/{year}/status-pk.xlsx", markup=False)
