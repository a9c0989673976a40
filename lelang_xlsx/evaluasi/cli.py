"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions; the
options and the printing shared by every round are in :mod:`lelang_xlsx.rounds.cli`."""

from __future__ import annotations

from pathlib import Path

from ..output.safetext import echo
from ..rounds.cli import check_options, document_options, run_options, template_options

YEAR_HELP = "Tahun yang dievaluasi (dalam periode)."


def register(main) -> None:
    """Attach ``lelang eval template|check|run`` to the ``lelang`` group."""
    from ..cli import _Group

    @main.group(name="eval", cls=_Group)
    def eval_group():
        """Evaluasi tahunan: realisasi atas target yang disepakati, capaian, poin, peringkat, rapor.

        \b
        Alur singkat (setelah pakta terbit dan hasil/kesepakatan.json ada):
          lelang eval template lelang-2018 --year 2019   # formulir realisasi per OPD
          lelang eval run lelang-2018 --year 2019        # periksa, evaluasi.xlsx, rapor
        """

    eval_group.command(name="template")(template_options(YEAR_HELP)(eval_template))
    eval_group.command(name="check")(check_options(YEAR_HELP)(eval_check))
    own = document_options("Templat rapor kinerja .docx yang disesuaikan.", "Juga buat PDF setiap rapor dengan LibreOffice.")
    eval_group.command(name="run")(run_options(YEAR_HELP, *own)(eval_run))


def eval_template(folder: Path, year: int, opds: tuple[str, ...]):
    """Formulir realisasi terisi (dari daftar kesepakatan) di FOLDER/evaluasi/TAHUN/formulir/.

    \b
    Contoh:
      lelang eval template lelang-2018 --year 2019
    """
    from .run import without_form, write_forms

    paths = write_forms(folder, year, list(opds) or None)
    for p in paths:
        echo(str(p))
    echo(f"{len(paths)} formulir realisasi ditulis. Kirim ke setiap OPD; simpan yang kembali di "
         f"{folder}/evaluasi/{year}/masuk/.")
    missing = without_form(folder, year)
    if missing:
        echo(f"{len(missing)} OPD di panel.xlsx tidak mendapat formulir:")
        for kode, nama, why in missing:
            echo(f"  {kode} ({nama}): {why}")


def eval_check(folder: Path, year: int, fmt: str, max_mb, max_rows):
    """Memeriksa formulir realisasi di FOLDER/evaluasi/TAHUN/masuk/ (tanpa menulis apa pun).

    \b
    Contoh:
      lelang eval check lelang-2018 --year 2019
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    from ..cli import make_limits
    from ..rounds.cli import print_check
    from .run import check_round, prepare

    limits = make_limits(max_mb, max_rows)
    print_check(check_round(prepare(folder, year, limits), limits).report, fmt)


def eval_run(folder: Path, year: int, template_path, pdf, jobs, no_cache, max_mb, max_rows):
    """Evaluasi satu tahun: periksa, salinan beranotasi, evaluasi.xlsx/json, rapor per OPD, manifest.

    \b
    Menulis di FOLDER/evaluasi/TAHUN/hasil/:
      laporan.xlsx, umpan-balik/, evaluasi.xlsx, evaluasi.json, rapor/, per-opd/<KODE>/, manifest.json

    \b
    Contoh:
      lelang eval run lelang-2018 --year 2019 --pdf
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    import sys

    from ..cli import make_limits
    from ..progress import make_progress
    from ..rounds.cli import jobs_or_default, pdf_possible
    from .run import run_round
    from .summary import print_eval_summary

    from ..pk import rerun  # the rounds' up-to-date record
    from .run import rerun_key

    pdf = pdf_possible(pdf)
    limits = make_limits(max_mb, max_rows)
    rnd, options, extras = rerun_key(folder, year, limits, template_path, pdf)
    result = rerun.lookup(rnd, *options, extras=extras) if not no_cache else None
    if result is None:
        rerun.forget(rnd)
        with make_progress() as progress:
            result = run_round(folder, year, limits, template_path, pdf, progress, use_cache=not no_cache,
                               jobs=jobs_or_default(jobs))
        if not no_cache:
            rerun.record(rnd, options[0], options[1], result.steady(), None, options[2], extras)
    for f in result.report.findings:
        echo(f.line())
    print_eval_summary(result, folder, year)
    sys.exit(result.exit_code)
