"""What the commands of every yearly round share (``lelang eval|pk|pantau template|check|run``):
their options, declared once, and the way they print. Everything a round prints goes
through :mod:`lelang_xlsx.output.safetext` (workbook text shown literally)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output.safetext import echo, json_text, secho

OPD_HELP = "Hanya untuk kode OPD ini (boleh diulang)."
JOBS_HELP = "Jumlah proses paralel (default: jumlah inti)."
NO_CACHE_HELP = "Abaikan cache dan kerjakan semuanya dari awal."
# A round's closing table past this many OPDs: one plain line each (a rich table costs ~2 ms
# a row: 1.6 of the 2.3 s of CPU of an unchanged evaluation re-run at 900 OPDs)
PLAIN_FROM = 60


def _stack(fn, decorators):
    """Apply ``decorators`` as if written above ``fn`` in this order (the first on top)."""
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def _head(year_help: str) -> list:
    from ..cli import _auction_arg

    return [_auction_arg, click.option("--year", "year", type=int, required=True, help=year_help)]


def template_options(year_help: str):
    """FOLDER, --year and --opd (repeatable) of ``lelang <round> template``, guarded."""
    from ..cli import guarded

    return lambda fn: _stack(fn, [*_head(year_help), click.option("--opd", "opds", multiple=True, help=OPD_HELP),
                                  guarded])


def check_options(year_help: str):
    """FOLDER, --year, --format and the limits of ``lelang <round> check``, guarded."""
    from ..cli import guarded, limits_options

    fmt = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    return lambda fn: _stack(fn, [*_head(year_help), fmt, limits_options, guarded])


def run_options(year_help: str, *own, late: tuple = ()):
    """FOLDER, --year, the round's ``own`` options, --jobs, --no-cache, its ``late`` options
    and the limits of ``lelang <round> run``, guarded."""
    from ..cli import guarded, limits_options

    jobs = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help=JOBS_HELP)
    no_cache = click.option("--no-cache", is_flag=True, help=NO_CACHE_HELP)
    return lambda fn: _stack(fn, [*_head(year_help), *own, jobs, no_cache, *late, limits_options, guarded])


def document_options(template_help: str, pdf_help: str) -> list:
    """--template and --pdf of a round that renders a document per OPD."""
    return [click.option("--template", "template_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                         help=template_help),
            click.option("--pdf", is_flag=True, help=pdf_help)]


def print_check(report, fmt: str) -> None:
    """What ``lelang <round> check`` prints (the findings as lines or JSON, then the counts), and exit."""
    if fmt == "json":
        echo(json_text([f.as_dict() for f in report.findings], indent=1))
    else:
        for f in report.findings:
            echo(f.line())
        s = report.stats()
        echo(f"{s['files']} berkas, {s['files_valid']} tanpa galat; {s['errors']} galat, {s['warnings']} peringatan.")
    sys.exit(report.exit_code)


def pdf_possible(pdf: bool) -> bool:
    """``--pdf`` when LibreOffice is there; without it a warning and only the .docx."""
    if not pdf:
        return False
    from ..documents.pdf import soffice_path

    if soffice_path() is None:
        secho("LibreOffice (soffice) tidak ditemukan: PDF tidak dibuat, hanya .docx.", fg="yellow", err=True)
        return False
    return True


def jobs_or_default(jobs: int | None) -> int:
    from ..checking.checker import default_jobs

    return jobs or default_jobs()
