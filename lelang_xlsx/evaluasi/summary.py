"""The closing table of ``lelang eval run``: every OPD of the panel list with its state
(dievaluasi, belum mengirim, ditahan, tanpa pakta), achievement, Kategori Capaian, net
points, incentive, rank by the panel's Dasar Peringkat and report card (rich on a
terminal, plain otherwise; past ``PLAIN_FROM`` OPDs one plain line each: a rich table
costs ~2 ms a row, most of an unchanged re-run at 900 OPDs)."""

from __future__ import annotations

import sys

from rich.table import Table

from ..output.safetext import literal
from ..output.textfmt import number
from ..rounds.cli import PLAIN_FROM
from ..summary import cell, console_for



def _row(r, run) -> tuple:
    state = f"{r.status}: {r.keterangan}" if r.keterangan else r.status
    return (r.peringkat or "–", r.kode, r.nama, state, number(r.capaian, 2), r.kategori or "–",
            number(r.bersih) if r.counted else "–", number(r.insentif), "ya" if r.kode in run.cards else "tidak")


def print_eval_summary(run, folder, year: int, file=None) -> None:
    out = file or sys.stdout
    console = console_for(out, 140)
    basis = getattr(run, "basis", "") or "Capaian"
    ordered = sorted(run.results, key=lambda r: (r.peringkat is None, r.peringkat or 0, r.kode))
    if len(ordered) > PLAIN_FROM:
        out.write(f"Ringkasan Evaluasi Kinerja {year} (peringkat menurut {basis}; Peringkat. Kode OPD | Nama OPD | "
                  f"Status | Capaian (%) | Kategori | Poin Bersih | Insentif (%) | Rapor)\n")
        for r in ordered:
            v = [literal(x) for x in _row(r, run)]
            out.write(f"  {v[0]}. {' | '.join(v[1:])}\n")
        _closing(run, folder, year, console)
        return
    table = Table(title=f"Ringkasan Evaluasi Kinerja {year} (peringkat menurut {basis})")
    right = ("Peringkat", "Capaian (%)", "Poin Bersih", "Insentif (%)")
    for col in ("Peringkat", "Kode OPD", "Nama OPD", "Status", "Capaian (%)", "Kategori Capaian", "Poin Bersih",
                "Insentif (%)", "Rapor"):
        table.add_column(col, justify="right" if col in right else "left")
    for r in ordered:
        table.add_row(*(cell(v) for v in _row(r, run)))
    console.print(table)
    _closing(run, folder, year, console)


def _closing(run, folder, year: int, console) -> None:
    s = run.report.stats()
    console.print(cell(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan; {len(run.cards)} rapor. Hasil di {folder}/evaluasi/{year}/hasil/"))
