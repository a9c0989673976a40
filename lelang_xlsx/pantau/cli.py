"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(main) -> None:
    """Attach ``lelang pantau template|check|run`` to the ``lelang`` group."""
    from ..cli import _auction_arg, _Group, guarded, limits_options, make_limits

    @main.group(name="pantau", cls=_Group)
    def pantau_group():
        """Pemantauan triwulan: Rencana Aksi, realisasi per triwulan, lampu dan peringatan dini.

        \b
        Alur singkat (setelah pakta terbit dan hasil/kesepakatan.json ada):
          lelang pantau template lelang-2018 --year 2020   # formulir pemantauan per OPD
          lelang pantau run lelang-2018 --year 2020        # periksa, pemantauan.xlsx, peringatan dini
        """

    def year_option(fn):
        return click.option("--year", "year", type=int, required=True, help="Tahun yang dipantau (dalam periode).")(fn)

    @pantau_group.command(name="template")
    @_auction_arg
    @year_option
    @click.option("--opd", "opds", multiple=True, help="Hanya untuk kode OPD ini (boleh diulang).")
    @guarded
    def pantau_template(folder: Path, year: int, opds: tuple[str, ...]):
        """Formulir pemantauan terisi (dari kesepakatan yang berlaku) di FOLDER/pantau/TAHUN/formulir/.

        \b
        Contoh:
          lelang pantau template lelang-2018 --year 2020
        """
        from .run import write_forms

        paths = write_forms(folder, year, list(opds) or None)
        for p in paths:
            click.echo(str(p))
        click.echo(f"{len(paths)} formulir pemantauan ditulis. Kirim ke setiap OPD; setiap triwulan simpan berkas "
                   f"yang kembali di {folder}/pantau/{year}/masuk/ (berkas terbaru per OPD yang dipakai).")

    @pantau_group.command(name="check")
    @_auction_arg
    @year_option
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @limits_options
    @guarded
    def pantau_check(folder: Path, year: int, fmt: str, max_mb, max_rows):
        """Memeriksa formulir pemantauan di FOLDER/pantau/TAHUN/masuk/ (tanpa menulis apa pun).

        \b
        Contoh:
          lelang pantau check lelang-2018 --year 2020
        Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
        """
        from .run import check_round, prepare

        limits = make_limits(max_mb, max_rows)
        report = check_round(prepare(folder, year, limits), limits).result.report
        if fmt == "json":
            click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=1))
        else:
            for f in report.findings:
                click.echo(f.line())
            s = report.stats()
            click.echo(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, "
                       f"{s['warnings']} peringatan.")
        sys.exit(report.exit_code)

    @pantau_group.command(name="run")
    @_auction_arg
    @year_option
    @click.option("--triwulan", type=click.IntRange(1, 4), default=None,
                  help="Triwulan yang dilihat (default: triwulan terakhir yang dilaporkan).")
    @click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
                  help="Jumlah proses paralel (default: jumlah inti).")
    @click.option("--no-cache", is_flag=True, help="Abaikan cache dan kerjakan semuanya dari awal.")
    @click.option("--paparan", is_flag=True, help="Juga buat bahan paparan (.pptx) per OPD: jalur target dan realisasi.")
    @limits_options
    @guarded
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
        from ..checking.checker import default_jobs
        from ..progress import make_progress
        from .run import run_round
        from .summary import print_summary

        with make_progress() as progress:
            result = run_round(folder, year, triwulan, make_limits(max_mb, max_rows), progress,
                               use_cache=not no_cache, jobs=jobs or default_jobs(), paparan=paparan)
        for f in result.report.findings:
            click.echo(f.line())
        print_summary(result, folder, year)
        sys.exit(result.exit_code)
