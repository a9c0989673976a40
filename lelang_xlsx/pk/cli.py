"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions; the
options and the printing shared by every round are in :mod:`lelang_xlsx.rounds.cli`."""

from __future__ import annotations

from pathlib import Path

from ..output.safetext import echo
from ..rounds.cli import check_options, document_options, run_options, template_options

YEAR_HELP = "Tahun Perjanjian Kinerja (dalam periode)."


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

    pk_group.command(name="template")(template_options(YEAR_HELP)(pk_template))
    pk_group.command(name="check")(check_options(YEAR_HELP)(pk_check))
    own = document_options("Templat PK .docx yang disesuaikan (default: templates/perjanjian_kinerja.docx).",
                           "Juga buat PDF setiap PK dengan LibreOffice.")
    pk_group.command(name="run")(run_options(YEAR_HELP, *own)(pk_run))


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
        echo(str(p))
    for kode, nama in without.items():
        echo(f"  {kode} ({nama}): tidak ada kesepakatan yang berlaku untuk tahun {year}; tidak ada formulir.")
    echo(f"{len(paths)} formulir PK ditulis. Kirim ke setiap OPD; simpan yang kembali di {folder}/pk/{year}/masuk/.")


def pk_check(folder: Path, year: int, fmt: str, max_mb, max_rows):
    """Memeriksa formulir PK di FOLDER/pk/TAHUN/masuk/ (tanpa menulis apa pun).

    \b
    Contoh:
      lelang pk check lelang-2018 --year 2019
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    from ..cli import make_limits
    from ..rounds.cli import print_check
    from .check_stage import check_round
    from .setup import prepare

    limits = make_limits(max_mb, max_rows)
    print_check(check_round(prepare(folder, year, limits), limits).report, fmt)


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
    import sys

    from ..auction import Auction
    from ..cli import make_limits
    from . import rerun
    from .contract import Round

    rnd = Round(Auction.at(folder).require(), year)
    limits = make_limits(max_mb, max_rows)
    options = (repr(limits), None if template_path is None else str(template_path), bool(pdf))
    if not no_cache:  # nothing changed since the last run: what it printed (pk/rerun.py)
        hit = rerun.lookup(rnd, options, template_path)
        if hit is not None:
            echo(hit[0], nl=False)
            sys.exit(hit[1])
    rerun.forget(rnd)

    from ..progress import make_progress
    from ..rounds.cli import jobs_or_default, pdf_possible
    from .run import run_round
    from .summary import print_pk_summary

    pdf = pdf_possible(pdf)
    with make_progress() as progress:
        result = run_round(folder, year, limits, template_path, pdf, progress,
                           use_cache=not no_cache, jobs=jobs_or_default(jobs))
    out = io.StringIO()
    for f in result.report.findings:
        out.write(f.line() + "\n")
    print_pk_summary(result, folder, year, file=out, tty=sys.stdout.isatty())
    echo(out.getvalue(), nl=False)
    if not no_cache:
        rerun.record(rnd, options, template_path, out.getvalue(), result.exit_code)
    sys.exit(result.exit_code)
