"""The closing table of ``lelang eval run``: per OPD its file status, achievement,
predicate, net points, rank and report card (rich on a terminal, plain otherwise)."""

from __future__ import annotations

import sys

from rich.table import Table

from ..output.textfmt import number
from ..summary import cell, console_for


def print_eval_summary(run, folder, year: int, file=None) -> None:
    out = file or sys.stdout
    console = console_for(out, 140)
    table = Table(title=f"Ringkasan Evaluasi Kinerja {year}")
    for col in ("Peringkat", "Kode OPD", "Nama OPD", "Status", "Capaian (%)", "Predikat", "Poin Bersih", "Rapor"):
        table.add_column(col, justify="right" if col in ("Peringkat", "Capaian (%)", "Poin Bersih") else "left")
    for r in sorted(run.results, key=lambda r: (r.peringkat is None, r.peringkat or 0, r.kode)):
        table.add_row(*(cell(v) for v in (r.peringkat or "–", r.kode, r.nama, r.status, number(r.capaian, 2), r.predikat or "–",
                                          number(r.bersih) if r.evaluated else "–", "ya" if r.kode in run.cards else "tidak")))
    console.print(table)
    s = run.report.stats()
    console.print(cell(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan; {len(run.cards)} rapor. Hasil di {folder}/evaluasi/{year}/hasil/"))
