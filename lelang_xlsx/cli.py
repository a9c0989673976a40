"""The ``lelang`` command: thin click wrappers over :mod:`lelang_xlsx.pipeline`.

Exit codes: 0 clean, 1 findings with errors, 2 usage or internal error. Every message
is Indonesian; no traceback reaches the user (set LELANG_DEBUG=1 to see one).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__, rules
from .auction import Auction
from .errors import LelangError
from .xlsxread import Limits

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def guarded(fn):
    """Turn library errors and unexpected exceptions into a message and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LelangError as exc:
            click.secho(f"Galat: {exc}", fg="red", err=True)
            problems = getattr(exc, "problems", None)
            for place, message in problems or []:
                click.echo(f"  {place}: {message}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("LELANG_DEBUG"):
                raise
            click.secho(
                f"Galat internal ({exc.__class__.__name__}): {exc}. "
                "Jalankan ulang dengan LELANG_DEBUG=1 untuk rincian, lalu laporkan ke pengembang.",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_USAGE)

    return wrapper


def limits_options(fn):
    fn = click.option("--max-mb", type=click.IntRange(1, 2048), default=25, show_default=True,
                      help="Batas ukuran satu berkas (MB).")(fn)
    fn = click.option("--max-rows", type=click.IntRange(10, 1_048_576), default=20_000, show_default=True,
                      help="Batas jumlah baris per lembar.")(fn)
    return fn


def make_limits(max_mb: int, max_rows: int) -> Limits:
    return Limits(max_file_bytes=max_mb * 1024 * 1024, max_rows=max_rows)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lelang")
def main():
    """Pemroses Lelang Kinerja: memeriksa formulir OPD, merekap, menerapkan penawaran
    Tim Penilai, dan membuat Pakta Integritas Kesanggupan.

    \b
    Alur singkat:
      lelang init lelang-2018        # folder lelang + panel.xlsx contoh
      lelang template lelang-2018    # formulir kosong per OPD
      lelang run lelang-2018         # periksa, rekap, penawaran, pakta
    """


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@guarded
def init(folder: Path):
    """Membuat folder lelang baru berisi panel.xlsx contoh (Kota Malang 2018).

    \b
    Contoh:
      lelang init lelang-2018
    Folder yang sudah berisi panel.xlsx tidak akan ditimpa.
    """
    from .pipeline import init_auction

    auction = init_auction(folder)
    click.echo(f"Folder lelang dibuat: {auction.root}")
    click.echo(f"  {auction.panel}  (sunting pengaturan, misi, OPD, Tim Penilai)")
    click.echo(f"Langkah berikutnya: lelang template {auction.root}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--opd", "opds", multiple=True, help="Hanya untuk kode OPD ini (boleh diulang).")
@guarded
def template(folder: Path, opds: tuple[str, ...]):
    """Menulis formulir kosong formulir/<KODE>.xlsx untuk setiap OPD di panel.xlsx.

    \b
    Contoh:
      lelang template lelang-2018
      lelang template lelang-2018 --opd DINKES
    """
    from .pipeline import write_templates

    paths = write_templates(Auction.at(folder), list(opds) or None)
    for p in paths:
        click.echo(f"  {p}")
    click.echo(f"{len(paths)} formulir ditulis di {Auction.at(folder).formulir}")


@main.command()
@click.argument("targets", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--panel", "panel_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="panel.xlsx untuk memeriksa berkas satu per satu (tanpa folder lelang).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-write", is_flag=True, help="Hanya tampilkan temuan; jangan tulis laporan dan salinan beranotasi.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Jumlah proses paralel.")
@limits_options
@guarded
def check(targets, panel_path, fmt, no_write, jobs, max_mb, max_rows):
    """Memeriksa formulir OPD sampai ke sel.

    TARGETS adalah folder lelang (memeriksa semua berkas di masuk/ terhadap panel.xlsx,
    menulis hasil/laporan.xlsx dan hasil/umpan-balik/), atau berkas .xlsx bersama --panel.

    \b
    Contoh:
      lelang check lelang-2018
      lelang check --panel lelang-2018/panel.xlsx dinkes.xlsx --format json
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    from .checker import check_files
    from .pipeline import check_and_report

    limits = make_limits(max_mb, max_rows)
    if len(targets) == 1 and targets[0].is_dir() and not panel_path:
        outputs = check_and_report(Auction.at(targets[0]), limits, jobs, write=not no_write)
        result = outputs.result
    else:
        if not panel_path:
            raise click.UsageError("Untuk memeriksa berkas satu per satu, sebutkan --panel panel.xlsx.")
        files = [t for t in targets if t.is_file()]
        result = check_files(files, panel_path, limits, jobs)
    report = result.report
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        for f in report.findings:
            click.echo(f.line())
        click.echo("")
        for fs in report.files:
            click.echo(f"{fs.file}: {fs.status} ({fs.errors} galat, {fs.warnings} peringatan)")
        s = report.stats()
        click.echo(f"Ringkasan: {s['files']} berkas, {s['files_valid']} tanpa galat, {s['errors']} galat, {s['warnings']} peringatan.")
    sys.exit(report.exit_code)


@main.command(name="rules")
@click.argument("code", required=False)
@guarded
def rules_cmd(code: str | None):
    """Daftar kode temuan, atau penjelasan satu kode (arti, alasan, contoh, perbaikan).

    \b
    Contoh:
      lelang rules
      lelang rules LK309
    """
    if code:
        key = code.strip().upper()
        if key not in rules.RULES:
            raise LelangError(f"Kode '{code}' tidak dikenal. Lihat daftar: lelang rules")
        click.echo(rules.explain(key))
        return
    for r in rules.RULES.values():
        click.echo(f"{r.code}  {r.severity}  {r.title}")
