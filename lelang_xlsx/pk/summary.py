"""The closing table of ``lelang pk run``: per OPD its PK state, version, budget and
document (rich on a terminal, plain otherwise)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from .budget import rupiah
from .results import total


def print_pk_summary(run, folder, year: int, file=None, tty: bool | None = None) -> None:
    out = file or sys.stdout
    tty = out.isatty() if tty is None else tty
    console = Console(file=out, highlight=False, soft_wrap=False, width=None if tty else 160)
    table = Table(title=f"Ringkasan Perjanjian Kinerja {year}")
    for col in ("Kode OPD", "Nama OPD", "Status PK", "Versi", "Jumlah Anggaran", "Keterangan"):
        table.add_column(col, justify="right" if col in ("Versi", "Jumlah Anggaran") else "left")
    for o in run.outcomes:
        cur = o.current
        table.add_row(o.kode, o.nama, o.status, str(cur["versi"]) if cur else "–",
                      rupiah(total(o.isi)) if o.isi else "–", o.keterangan)
    console.print(table, markup=False)
    s = run.report.stats()
    console.print(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan; {len(run.docs)} PK. Hasil di {folder}/pk/{year}/hasil/; isian sekretariat di "
                  f"{folder}/pk/{year}/status-pk.xlsx", markup=False)
