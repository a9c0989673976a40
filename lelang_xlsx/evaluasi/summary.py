"""The closing table of ``lelang eval run``: every OPD of the panel list with its state
(dievaluasi, belum mengirim, ditahan, tanpa pakta), achievement, Kategori Capaian, net
points, incentive, rank by the panel's Dasar Peringkat and report card (rich on a
terminal, plain otherwise)."""

from __future__ import annotations

import sys

from rich.table import Table

from ..output.textfmt import number
from ..summary import cell, console_for


def print_eval_summary(run, folder, year: int, file=None) -> None:
    out = file or sys.stdout
    console = console_for(out, 140)
    basis = getattr(run, "basis", "") or "Capaian"
    table = Table(title=f"Ringkasan Evaluasi Kinerja {year} (peringkat menurut {basis})")
    right = ("Peringkat", "Capaian (%)", "Poin Bersih", "Insentif (%)")
    for col in ("Peringkat", "Kode OPD", "Nama OPD", "Status", "Capaian (%)", "Kategori Capaian", "Poin Bersih",
                "Insentif (%)", "Rapor"):
        table.add_column(col, justify="right" if col in right else "left")
    for r in sorted(run.results, key=lambda r: (r.peringkat is None, r.peringkat or 0, r.kode)):
        state = f"{r.status}: {r.keterangan}" if r.keterangan else r.status
        table.add_row(*(cell(v) for v in (r.peringkat or "–", r.kode, r.nama, state, number(r.capaian, 2),
                                          r.kategori or "–", number(r.bersih) if r.counted else "–",
                                          number(r.insentif), "ya" if r.kode in run.cards else "tidak")))
    console.print(table)
    s = run.report.stats()
    console.print(cell(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan; {len(run.cards)} rapor. Hasil di {folder}/evaluasi/{year}/hasil/"))
