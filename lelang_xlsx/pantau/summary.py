"""The closing table of ``lelang pantau run``: per OPD the report status and lights, then
the early warnings (rich on a terminal, plain otherwise)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..output.textfmt import number
from ..reading.tables import show
from . import contract as P

PLAIN_FROM = 60  # more OPDs than this: one plain line each (a rich table costs ~2 ms a row)
STYLE = {P.HIJAU: "green", P.KUNING: "yellow", P.MERAH: "red", P.ABU: "bright_black"}


def print_summary(run, folder, year: int, file=None) -> None:
    out = file or sys.stdout
    console = Console(file=out, highlight=False, soft_wrap=False, width=None if out.isatty() else 160)
    q = run.quarter
    if len(run.results) > PLAIN_FROM:
        _plain(run, year, out)
    else:
        _table(run, year, console)
    count = run.warning_count if run.warning_count >= 0 else len(run.warnings)
    if count:
        console.print(f"Peringatan dini {P.tw(q)} ({count} indikator merah atau abu-abu):")
        for r, i in run.warnings[:40]:
            cap = "belum dilaporkan" if i.capaian[q - 1] is None else f"capaian {number(i.capaian[q - 1], 2)}%"
            console.print(f"  [{STYLE[i.light(q)]}]{i.light(q):<7}[/] {escape(r.kode)} {escape(i.kode)} "
                          f"{escape(i.indikator[:60])} — {cap}", highlight=False)
        if count > 40:
            console.print(f"  … dan {count - 40} lainnya (lembar Peringatan Dini di pemantauan.xlsx)")
    s = run.report.stats()
    console.print(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} "
                  f"peringatan. Hasil di {folder}/pantau/{year}/hasil/")


def _table(run, year: int, console) -> None:
    q = run.quarter
    table = Table(title=f"Pemantauan Kinerja {P.tw(q)} {year}")
    for col in ("Kode OPD", "Nama OPD", "Laporan", "Hijau", "Kuning", "Merah", "Abu-abu", "Proyeksi (%)"):
        table.add_column(col, justify="right" if col in ("Hijau", "Kuning", "Merah", "Abu-abu", "Proyeksi (%)")
                         else "left")
    for r in run.results:
        shown = f"s.d. {P.tw(r.dilaporkan)}" if r.status == "dilaporkan" and r.dilaporkan else r.status
        table.add_row(escape(r.kode), escape(r.nama), escape(shown),
                      *(f"[{STYLE[light]}]{r.lampu.get(light, 0)}[/]" for light in P.LIGHTS),
                      number(r.capaian_proyeksi, 2))
    console.print(table)


def _plain(run, year: int, out) -> None:
    q = run.quarter
    out.write(f"Pemantauan Kinerja {P.tw(q)} {year} (Kode OPD: laporan; hijau/kuning/merah/abu-abu; proyeksi %)\n")
    for r in run.results:
        shown = f"s.d. {P.tw(r.dilaporkan)}" if r.status == "dilaporkan" and r.dilaporkan else r.status
        counts = "/".join(str(r.lampu.get(light, 0)) for light in P.LIGHTS)
        out.write(f"  {show(r.kode)}: {show(shown)}; {counts}; {number(r.capaian_proyeksi, 2)}\n")
