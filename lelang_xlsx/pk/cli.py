"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(main) -> None:
    """Attach ``lelang pk template|check|run`` to the ``lelang`` group."""
    from ..cli import _Group

    @main.group(name="pk", cls=_Group)
    def pk_group():
        """Perjanjian Kinerja tahunan: target dari kesepakatan yang berlaku, program dan anggaran dari OPD.

        \b
        Alur singkat (setelah pakta terbit dan hasil/kesepakatan.json ada):
          lelang pk template lelang-2018 --year 2019   # formulir PK per OPD
          lelang pk run lelang-2018 --year 2019 --pdf  # periksa, dokumen PK, rekap
        """

    _template(pk_group)
    _check(pk_group)
    _run(pk_group)


def _year_option(fn):
    return click.option("--year", "year", type=int, required=True, help="Tahun Perjanjian Kinerja (dalam periode).")(fn)


def _template(pk_group) -> None:
    from ..cli import _auction_arg, guarded

    @pk_group.command(name="template")
    @_auction_arg
    @_year_option
    @click.option("--opd", "opds", multiple=True, help="Hanya untuk kode OPD ini (boleh diulang).")
    @guarded
    def pk_template(folder: Path, year: int, opds: tuple[str, ...]):
        """Formulir PK terisi (dari kesepakatan yang berlaku) di FOLDER/pk/TAHUN/formulir/.

        \b
        Contoh:
          lelang pk template lelang-2018 --year 2019
        OPD tanpa kesepakatan yang berlaku untuk tahun itu tidak mendapat formulir dan disebutkan.
        """
        from .setup import write_forms

        paths, without = write_forms(folder, year, list(opds) or None)
        for p in paths:
            click.echo(str(p))
        for kode, nama in without.items():
            click.echo(f"  {kode} ({nama}): tidak ada kesepakatan yang berlaku untuk tahun {year}; tidak ada formulir.")
        click.echo(f"{len(paths)} formulir PK ditulis. Kirim ke setiap OPD; simpan yang kembali di "
                   f"{folder}/pk/{year}/masuk/.")



def _check(pk_group) -> None:
    from ..cli import _auction_arg, guarded, limits_options, make_limits

    @pk_group.command(name="check")
    @_auction_arg
    @_year_option
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @limits_options
    @guarded
    def pk_check(folder: Path, year: int, fmt: str, max_mb, max_rows):
        """Memeriksa formulir PK di FOLDER/pk/TAHUN/masuk/ (tanpa menulis apa pun).

        \b
        Contoh:
          lelang pk check lelang-2018 --year 2019
        Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
        """
        from .check_stage import check_round
        from .setup import prepare

        limits = make_limits(max_mb, max_rows)
        report = check_round(prepare(folder, year, limits), limits).report
        if fmt == "json":
            click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=1))
        else:
            for f in report.findings:
                click.echo(f.line())
            s = report.stats()
            click.echo(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, "
                       f"{s['warnings']} peringatan.")
        sys.exit(report.exit_code)



def _run(pk_group) -> None:
    from ..cli import _auction_arg, guarded, limits_options, make_limits

    @pk_group.command(name="run")
    @_auction_arg
    @_year_option
    @click.option("--template", "template_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                  help="Templat PK .docx yang disesuaikan (default: templates/perjanjian_kinerja.docx).")
    @click.option("--pdf", is_flag=True, help="Juga buat PDF setiap PK dengan LibreOffice.")
    @click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
                  help="Jumlah proses paralel (default: jumlah inti).")
    @click.option("--no-cache", is_flag=True, help="Abaikan cache dan kerjakan semuanya dari awal.")
    @limits_options
    @guarded
    def pk_run(folder: Path, year: int, template_path, pdf, jobs, no_cache, max_mb, max_rows):
        """PK satu tahun: periksa, salinan beranotasi, dokumen PK per OPD, status-pk.xlsx, rekap, pk.json.

        \b
        Menulis di FOLDER/pk/TAHUN/:
          status-pk.xlsx (Tanggal PK, Ditandatangani, Terbitkan Perubahan: diisi sekretariat)
          hasil/pk/<KODE>_<nama>.docx (.pdf), hasil/perjanjian-kinerja-TAHUN.xlsx, hasil/pk.json,
          hasil/laporan.xlsx, umpan-balik/, per-opd/<KODE>/, arsip/, manifest.json

        \b
        Contoh:
          lelang pk run lelang-2018 --year 2019 --pdf
        PK yang sudah terbit tidak berubah diam-diam: perubahan formulir atau kesepakatan ditahan sampai
        Terbitkan Perubahan = Ya di status-pk.xlsx.
        Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
        """
        import io

        from ..auction import Auction
        from . import rerun
        from .contract import Round

        rnd = Round(Auction.at(folder).require(), year)
        limits = make_limits(max_mb, max_rows)
        options = (repr(limits), None if template_path is None else str(template_path), bool(pdf))
        if not no_cache:  # nothing changed since the last run: what it printed (pk/rerun.py)
            hit = rerun.lookup(rnd, options, template_path)
            if hit is not None:
                click.echo(hit[0], nl=False)
                sys.exit(hit[1])
        rerun.forget(rnd)

        from ..checking.checker import default_jobs
        from ..documents.pdf import soffice_path
        from ..progress import make_progress
        from .run import run_round
        from .summary import print_pk_summary

        if pdf and soffice_path() is None:
            click.secho("LibreOffice (soffice) tidak ditemukan: PDF tidak dibuat, hanya .docx.", fg="yellow", err=True)
            pdf = False
        with make_progress() as progress:
            result = run_round(folder, year, limits, template_path, pdf, progress,
                               use_cache=not no_cache, jobs=jobs or default_jobs())
        out = io.StringIO()
        for f in result.report.findings:
            out.write(f.line() + "\n")
        print_pk_summary(result, folder, year, file=out, tty=sys.stdout.isatty())
        click.echo(out.getvalue(), nl=False)
        if not no_cache:
            rerun.record(rnd, options, template_path, out.getvalue(), result.exit_code)
        sys.exit(result.exit_code)
