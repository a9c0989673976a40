"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions; the
options and the printing shared by every round are in :mod:`lelang_xlsx.rounds.cli`."""

from __future__ import annotations

from pathlib import Path

import click

from ..output.safetext import echo
from ..rounds.cli import check_options, run_options, template_options

YEAR_HELP = "Tahun yang dipantau (dalam periode)."


def register(main) -> None:
    """Attach ``lelang pantau template|check|run`` to the ``lelang`` group."""
    from ..cli import _Group

    @main.group(name="pantau", cls=_Group)
    def pantau_group():
        """Pemantauan triwulan: Rencana Aksi, realisasi per triwulan, lampu dan peringatan dini.

        \b
        Alur singkat (setelah pakta terbit dan hasil/kesepakatan.json ada):
          lelang pantau template lelang-2018 --year 2020   # formulir pemantauan per OPD
          lelang pantau run lelang-2018 --year 2020        # periksa, pemantauan.xlsx, peringatan dini
        """

    pantau_group.command(name="template")(template_options(YEAR_HELP)(pantau_template))
    pantau_group.command(name="check")(check_options(YEAR_HELP)(pantau_check))
    triwulan = click.option("--triwulan", type=click.IntRange(1, 4), default=None,
                            help="Triwulan yang dilihat (default: triwulan terakhir yang dilaporkan).")
    paparan = click.option("--paparan", is_flag=True,
                           help="Juga buat bahan paparan (.pptx) per OPD: jalur target dan realisasi.")
    pantau_group.command(name="run")(run_options(YEAR_HELP, triwulan, late=(paparan,))(pantau_run))


def pantau_template(folder: Path, year: int, opds: tuple[str, ...]):
    """Formulir pemantauan terisi (dari kesepakatan yang berlaku) di FOLDER/pantau/TAHUN/formulir/.

    \b
    Contoh:
      lelang pantau template lelang-2018 --year 2020
    """
    from .run import write_forms

    paths = write_forms(folder, year, list(opds) or None)
    for p in paths:
        echo(str(p))
    echo(f"{len(paths)} formulir pemantauan ditulis. Kirim ke setiap OPD; setiap triwulan simpan berkas "
         f"yang kembali di {folder}/pantau/{year}/masuk/ (berkas terbaru per OPD yang dipakai).")


def pantau_check(folder: Path, year: int, fmt: str, max_mb, max_rows):
    """Memeriksa formulir pemantauan di FOLDER/pantau/TAHUN/masuk/ (tanpa menulis apa pun).

    \b
    Contoh:
      lelang pantau check lelang-2018 --year 2020
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    from ..cli import make_limits
    from ..rounds.cli import print_check
    from .run import check_round, prepare

    limits = make_limits(max_mb, max_rows)
    print_check(check_round(prepare(folder, year, limits), limits).result.report, fmt)


def pantau_run(folder: Path, year: int, triwulan, jobs, no_cache, paparan, max_mb, max_rows):
    """Pemantauan satu triwulan: periksa, salinan beranotasi, pemantauan.xlsx/json, manifest.

    \b
    Menulis di FOLDER/pantau/TAHUN/hasil/:
      laporan.xlsx, umpan-balik/, pemantauan.xlsx, pemantauan.json, per-opd/<KODE>/, manifest.json
      (dengan --paparan juga paparan/<KODE>.pptx)

    \b
    Contoh:
      lelang pantau run lelang-2018 --year 2020
      lelang pantau run lelang-2018 --year 2020 --triwulan 2
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    import sys

    from ..cli import make_limits
    from ..progress import make_progress
    from ..rounds.cli import jobs_or_default
    from .run import run_round
    from .summary import print_summary

    with make_progress() as progress:
        result = run_round(folder, year, triwulan, make_limits(max_mb, max_rows), progress,
                           use_cache=not no_cache, jobs=jobs_or_default(jobs), paparan=paparan)
    for f in result.report.findings:
        echo(f.line())
    print_summary(result, folder, year)
    sys.exit(result.exit_code)
