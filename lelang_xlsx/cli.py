"""The ``lelang`` command: thin click wrappers over :mod:`lelang_xlsx.pipeline`.

Exit codes: 0 clean, 1 findings with errors, 2 usage or internal error. Every message
is Indonesian; no traceback reaches the user (set LELANG_DEBUG=1 to see one).
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from pathlib import Path

import click

from . import __version__, clitext, rules
from .auction import Auction
from .errors import LelangError
from .output.safetext import echo, json_text, secho
from .reading.xlsxread import Limits

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
clitext.install()  # click's usage, help headings and usage errors in Indonesian (before any command is declared)


def guarded(fn):
    """Turn library errors and unexpected exceptions into a message and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            root = _locked_folder(fn.__name__, kwargs)
            if root is None:
                return fn(*args, **kwargs)
            from .runlock import run_lock

            command = click.get_current_context().command_path.partition(" ")[2] or fn.__name__
            with run_lock(root, command):  # one command per auction folder at a time
                return fn(*args, **kwargs)
        except LelangError as exc:
            secho(f"Galat: {exc}", fg="red", err=True)
            problems = getattr(exc, "problems", None)
            for place, message in problems or []:
                echo(f"  {place}: {message}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except OSError as exc:  # full disk, no permission, a folder that vanished
            _os_error(exc)
        except Exception as exc:
            if os.environ.get("LELANG_DEBUG"):
                raise
            wrapped = _wrapped_os_error(exc)
            if wrapped is not None:  # a library's own error around one (XlsxWriter's FileCreateError on a full disk)
                _os_error(wrapped)
            secho(
                f"Galat internal ({exc.__class__.__name__}): {exc}. "
                "Jalankan ulang dengan LELANG_DEBUG=1 untuk rincian, lalu laporkan ke pengembang.",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_USAGE)

    return wrapper


def _os_error(exc: OSError) -> None:
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    full = " Disk penuh: kosongkan ruang disk, lalu jalankan ulang." if exc.errno == errno.ENOSPC else ""
    secho(f"Galat: berkas tidak dapat ditulis atau dibaca: {exc.strerror or exc}{where}.{full or ' Periksa ruang disk dan izin folder, lalu jalankan ulang.'}",
          fg="red", err=True)
    sys.exit(EXIT_USAGE)


def _wrapped_os_error(exc: BaseException) -> OSError | None:
    """The OSError inside another exception (its argument, cause or context), if any."""
    seen = 0
    while exc is not None and seen < 5:
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        if inner is not None:
            return inner
        exc = exc.__cause__ or exc.__context__
        if isinstance(exc, OSError):
            return exc
        seen += 1
    return None


def _locked_folder(name: str, kwargs: dict) -> Path | None:
    """The auction folder a command writes into (it holds the folder's run lock), or None."""
    if name == "init" or kwargs.get("no_write"):
        return None
    folder = kwargs.get("folder")
    if folder is None and len(kwargs.get("targets") or ()) == 1:
        folder = kwargs["targets"][0]
    if folder is None or not Path(folder).is_dir() or not Auction.at(Path(folder)).panel.is_file():
        return None
    return Path(folder)


def limits_options(fn):
    fn = click.option("--max-mb", type=click.IntRange(1, 2048), default=25, show_default=True,
                      help="Batas ukuran satu berkas (MB).")(fn)
    fn = click.option("--max-rows", type=click.IntRange(10, 1_048_576), default=20_000, show_default=True,
                      help="Batas jumlah baris per lembar.")(fn)
    return fn


def make_limits(max_mb: int, max_rows: int) -> Limits:
    return Limits(max_file_bytes=max_mb * 1024 * 1024, max_rows=max_rows)


HELP_TEXT = "Tampilkan bantuan ini lalu keluar."


class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = clitext.OPTIONS_METAVAR

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = HELP_TEXT
        return opt


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = clitext.OPTIONS_METAVAR
        self.subcommand_metavar = clitext.SUBCOMMAND_METAVAR

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = HELP_TEXT
        return opt


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lelang", help="Tampilkan versi lalu keluar.")
def main():
    """Pemroses Lelang Kinerja: memeriksa formulir OPD, merekap, menerapkan penawaran
    Tim Penilai, dan membuat Pakta Integritas Kesanggupan.

    \b
    Alur singkat:
      lelang init lelang-2018        # folder lelang + panel.xlsx contoh
      lelang template lelang-2018    # formulir kosong per OPD
      lelang run lelang-2018         # periksa, rekap, penawaran, pakta
    """


def _sheet_list(path: Path) -> str:
    """'Pengaturan, Misi, OPD, Tim Penilai dan Poin': the sheets of the workbook just written."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    names = list(wb.sheetnames)
    wb.close()
    return ", ".join(names[:-1]) + f" dan {names[-1]}" if len(names) > 1 else "".join(names)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@guarded
def init(folder: Path):
    """Membuat folder lelang baru berisi panel.xlsx contoh (Kota Malang 2018).

    \b
    Contoh:
      lelang init lelang-2018
    Folder yang sudah berisi panel.xlsx tidak ditimpa: lembar dan pengaturan versi
    baru yang belum ada (Poin, Satuan, Insentif, Dasar Peringkat, Rumus Capaian Turun)
    ditambahkan dengan nilai bawaan; isian lama tidak diubah dan salinannya disimpan
    di hasil/arsip/.
    """
    from .auction import Auction
    from .pipeline import init_auction, upgrade_auction_panel

    existing = Auction.at(folder)
    if existing.panel.exists():
        added, backup = upgrade_auction_panel(existing)
        if not added:
            echo(f"{existing.panel} sudah lengkap untuk versi ini; tidak ada yang ditimpa atau diubah.")
            return
        echo(f"{existing.panel} diperbarui; ditambahkan dengan nilai bawaan:")
        for part in added:
            echo(f"  - {part}")
        echo(f"Salinan sebelum diperbarui: {backup}")
        return
    auction = init_auction(folder)
    echo(f"Folder lelang dibuat: {auction.root}")
    echo(f"  {auction.panel}  (sunting lembar {_sheet_list(auction.panel)})")
    echo(f"Langkah berikutnya: lelang template {auction.root}")


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
        echo(f"  {p}")
    echo(f"{len(paths)} formulir ditulis di {Auction.at(folder).formulir}")


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
    from .checking.checker import check_files
    from .checking.feedback import next_step
    from .pipeline import check_and_report

    limits = make_limits(max_mb, max_rows)
    if len(targets) == 1 and targets[0].is_dir() and not panel_path:
        from .cache import Cache

        auction = Auction.at(targets[0])
        cache = Cache(auction.hasil, enabled=not no_write)
        outputs = check_and_report(auction, limits, jobs, write=not no_write, cache=cache)
        cache.save()
        result = outputs.result
    else:
        if not panel_path:
            raise click.UsageError("Untuk memeriksa berkas satu per satu, sebutkan --panel panel.xlsx.")
        files = [t for t in targets if t.is_file()]
        result = check_files(files, panel_path, limits, jobs)
    report = result.report
    if fmt == "json":
        click.echo(json_text([f.as_dict() for f in report.findings], indent=2))
    else:
        for f in report.findings:
            echo(f.line())
        echo("")
        for fs in report.files:
            step = next_step(fs.errors, fs.warnings, fs.kode_opd in result.issued)
            echo(f"{fs.file}: {fs.status} ({fs.errors} galat, {fs.warnings} peringatan); {step}")
        s = report.stats()
        echo(f"Ringkasan: {s['files']} berkas, {s['files_valid']} tanpa galat, {s['errors']} galat, {s['warnings']} peringatan.")
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
        echo(rules.explain(key))
        return
    width = max(len(n) for n in rules.SEVERITY_NAMES.values())
    for r in rules.RULES.values():
        echo(f"{r.code}  {r.severity_name:<{width}}  {r.title}")
    echo("")
    echo("Tingkat: " + rules.SEVERITY_LEGEND)
    echo("Penjelasan satu kode: lelang rules KODE (misalnya lelang rules LK310).")


def _auction_arg(fn):
    return click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))(fn)


def _check_quiet(folder: Path, jobs: int = 1):
    from .pipeline import check_and_report

    return check_and_report(Auction.at(folder), Limits(), jobs, write=False).result


@main.command()
@_auction_arg
@guarded
def recap(folder: Path):
    """Menulis hasil/rekap.xlsx untuk Tim Penilai dari isian tanpa galat.

    OPD yang masih ada galat dicantumkan, tidak direkap. Jika penawaran.xlsx sudah
    ada, kolom tawaran dan keputusan ikut direkap.

    \b
    Contoh:
      lelang recap lelang-2018
    """
    from .agreement.offers import resolve_offers
    from .pipeline import write_recap_stage

    auction = Auction.at(folder).require()
    result = _check_quiet(folder)
    resolutions = None
    if auction.penawaran.exists():
        resolutions, _ = resolve_offers(auction.penawaran, result.panel, result.valid_submissions)
    path = write_recap_stage(auction, result, resolutions)
    echo(f"Rekap ditulis: {path} ({len(result.valid_submissions)} OPD tanpa galat direkap)")
    sys.exit(result.report.exit_code)


@main.command()
@_auction_arg
@guarded
def offers(folder: Path):
    """Membuat atau memperbarui penawaran.xlsx untuk sesi Tim Penilai.

    Pembaruan mempertahankan semua isian Tim Penilai, menambah baris indikator baru,
    menandai (tidak menghapus) baris yang indikatornya hilang, dan menyimpan salinan
    lama di hasil/arsip/. Lembar Status OPD: Tim Penilai mengisi Sesi Selesai = Ya
    setelah sesi setiap OPD selesai. Temuan LK501–LK507, LK510 dan LK512 ditampilkan.

    \b
    Contoh:
      lelang offers lelang-2018
    """
    from .pipeline import offers_stage

    auction = Auction.at(folder).require()
    result = _check_quiet(folder)
    update, resolutions, found = offers_stage(auction, result)
    for f in found:
        echo(f.line())
    echo(f"penawaran.xlsx: {update.describe() if hasattr(update, 'describe') else update}")
    undecided = sum(not r.decided for r in resolutions)
    echo(f"{len(resolutions)} indikator, {sum(r.has_offer for r in resolutions)} tawaran, {undecided} belum diputuskan/tidak valid.")
    sys.exit(1 if any(f.is_error for f in found) else 0)


@main.command()
@_auction_arg
@click.option("--template", "template_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Templat pakta .docx yang disesuaikan (default: templates/pakta_integritas.docx).")
@click.option("--pdf", is_flag=True, help="Juga buat PDF setiap pakta dengan LibreOffice.")
@guarded
def pacts(folder: Path, template_path: Path | None, pdf: bool):
    """Membuat hasil/pakta/<KODE>_<nama>.docx untuk setiap OPD yang siap.

    Siap berarti: formulir tanpa galat, Sesi Selesai = Ya di penawaran.xlsx (lembar
    Status OPD), dan semua tawaran sudah diputuskan. Pakta yang sudah terbit tidak
    diubah lagi (LK509); dicatat di hasil/kesepakatan.json dan .xlsx. OPD yang belum
    siap dicantumkan beserta alasannya.

    \b
    Contoh:
      lelang pacts lelang-2018 --pdf
      lelang pacts lelang-2018 --template pakta_kustom.docx
    """
    from .documents.pdf import soffice_path
    from .pipeline import offers_stage, pacts_stage

    auction = Auction.at(folder).require()
    if pdf and soffice_path() is None:
        secho("LibreOffice (soffice) tidak ditemukan: PDF tidak dibuat, hanya .docx. "
                    "Pasang dengan 'sudo apt-get install -y libreoffice-writer-nogui' (Linux) "
                    "atau unduh dari https://www.libreoffice.org (Windows/macOS).", fg="yellow", err=True)
        pdf = False
    result = _check_quiet(folder)
    update, resolutions, found = offers_stage(auction, result)
    outcome = pacts_stage(auction, result, resolutions, template_path, pdf, sessions=update.sessions,
                          offer_findings=found, offer_digests=update.offer_digests)
    for f in found + outcome.findings:
        echo(f.line())
    for kode, state in outcome.states.items():
        path = outcome.written.get(kode)
        if path is not None:
            echo(f"  {kode}: {path}" + (" (+ PDF)" if kode in outcome.pdfs else "") + f" [{state.state}]")
        else:
            echo(f"  {kode}: {state.state} — {state.reason}; {state.next_step}")
    for kode, why in outcome.amended.items():
        echo(f"  {kode}: {why}; pakta sebelumnya diarsipkan di {outcome.superseded.get(kode)}")
    for kode, (path, why) in sorted(outcome.withdrawn.items()):
        echo(f"  {kode}: pakta ditarik, diarsipkan di {path} ({why})")
    echo(f"{len(outcome.written)} pakta, {len(outcome.states) - len(outcome.written)} OPD belum siap.")
    errors = result.report.errors + sum(f.is_error for f in found + outcome.findings)
    sys.exit(1 if errors else 0)


@main.command(name="paparan")
@_auction_arg
@guarded
def paparan_cmd(folder: Path):
    """Membuat bahan paparan: hasil/paparan/<KODE>_<nama>.pptx dan sesi.pptx.

    Satu berkas PowerPoint per OPD yang formulirnya tanpa galat (judul, ringkasan per
    misi, satu slide per indikator dengan grafik target dan data pendukung, sumber
    data), dan sesi.pptx untuk Tim Penilai. Tawaran dan keputusan di penawaran.xlsx
    ikut digambar bila sudah diisi. Grafik dapat disunting di PowerPoint atau Impress.

    \b
    Contoh:
      lelang paparan lelang-2018
    """
    from .paparan import paparan_stage

    auction = Auction.at(folder).require()
    result = _check_quiet(folder)
    resolutions = []
    if auction.penawaran.exists():
        from .agreement.offers import resolve_offers

        resolutions, _ = resolve_offers(auction.penawaran, result.panel, result.valid_submissions)
    outcome = paparan_stage(auction, result, resolutions)
    for kode, path in outcome.written.items():
        echo(f"  {kode}: {path}")
    for kode, reason in sorted(outcome.skipped.items()):
        echo(f"  {kode}: tidak dibuat — {reason}")
    echo(f"{len(outcome.written)} bahan paparan OPD dan {outcome.session} ditulis.")
    sys.exit(result.report.exit_code)


@main.command(name="pact-fields")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--rapor", is_flag=True, help="Field templat rapor kinerja (evaluasi tahunan), bukan pakta.")
@click.option("--pk", is_flag=True, help="Field templat Perjanjian Kinerja tahunan, bukan pakta.")
@guarded
def pact_fields_cmd(folder: Path | None, rapor: bool, pk: bool):
    """Daftar kolom (field) yang boleh dipakai dalam templat pakta, dengan artinya.

    Dengan FOLDER (folder lelang), contohnya diambil dari panel.xlsx-nya (daerah, kepala daerah,
    tempat, periode).

    \b
    Contoh:
      lelang pact-fields
      lelang pact-fields --rapor lelang-2018   # templat rapor kinerja, contoh dari panel lelang-2018
      lelang pact-fields --pk         # templat Perjanjian Kinerja
    """
    panel = None
    if folder is not None:  # the examples are that auction's own (its region, head, place, period)
        from .reading.panel import read_panel

        panel = read_panel(Auction.at(folder).panel)
    if pk:
        from .pk.document import pk_fields as fields
    elif rapor:
        from .evaluasi.report_card import report_fields as fields
    else:
        from .documents.pacts import pact_fields as fields

    for name, meaning in fields(panel):
        echo(f"{name:40s} {meaning}")


@main.command(name="check-template")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--rapor", is_flag=True, help="Periksa sebagai templat rapor kinerja (evaluasi tahunan).")
@click.option("--pk", is_flag=True, help="Periksa sebagai templat Perjanjian Kinerja tahunan.")
@guarded
def check_template_cmd(file: Path, rapor: bool, pk: bool):
    """Memeriksa templat pakta yang disesuaikan: field tak dikenal dan tag rusak.

    \b
    Contoh:
      lelang check-template pakta_kustom.docx
      lelang check-template --rapor rapor_kustom.docx
      lelang check-template --pk pk_kustom.docx
    Kode keluar 0 jika templat dapat dipakai, 2 jika tidak.
    """
    if pk:
        from .pk.document import check_pk_template as check_template
    elif rapor:
        from .evaluasi.report_card import check_report_template as check_template
    else:
        from .documents.pacts import check_template

    problems = check_template(file)
    if not problems:
        echo(f"Templat {file} dapat dipakai.")
        return
    for place, message in problems:
        echo(f"{file}: {place}: {message}", err=True)
    secho(f"{len(problems)} masalah; templat belum dapat dipakai.", fg="red", err=True)
    sys.exit(EXIT_USAGE)


@main.command()
@_auction_arg
@click.option("--template", "template_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Templat pakta .docx yang disesuaikan.")
@click.option("--pdf", is_flag=True, help="Juga buat PDF setiap pakta dengan LibreOffice.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Jumlah proses paralel (default: jumlah inti).")
@click.option("--no-cache", is_flag=True, help="Abaikan cache hasil/.cache/ dan kerjakan semuanya dari awal.")
@click.option("--paparan", is_flag=True, help="Juga buat bahan paparan (.pptx) di hasil/paparan/.")
@limits_options
@guarded
def run(folder: Path, template_path, pdf, jobs, no_cache, paparan, max_mb, max_rows):
    """Menjalankan seluruh proses: periksa -> rekap -> penawaran -> pakta -> manifest.

    \b
    Menulis di FOLDER/hasil/:
      laporan.xlsx, umpan-balik/, rekap.xlsx, pakta/, per-opd/<KODE>/, manifest.json
    dan membuat/memperbarui FOLDER/penawaran.xlsx.

    \b
    Contoh:
      lelang run lelang-2018
      lelang run lelang-2018 --pdf
    Kode keluar: 0 bersih, 1 ada galat, 2 salah pakai atau galat internal.
    """
    from .batch import run_batch
    from .documents.pdf import soffice_path
    from .workers import default_jobs
    from .progress import make_progress
    from .summary import print_summary

    if pdf and soffice_path() is None:
        secho("LibreOffice (soffice) tidak ditemukan: PDF tidak dibuat, hanya .docx. "
                    "Pasang dengan 'sudo apt-get install -y libreoffice-writer-nogui' (Linux) "
                    "atau unduh dari https://www.libreoffice.org (Windows/macOS).", fg="yellow", err=True)
        pdf = False
    with make_progress() as progress:
        result = run_batch(Auction.at(folder), make_limits(max_mb, max_rows), jobs or default_jobs(), template_path, pdf,
                           progress, use_cache=not no_cache, paparan=paparan)
    for f in result.report.findings:
        echo(f.line())
    print_summary(result, Auction.at(folder))
    if paparan:
        from .paparan import paparan_dir

        decks = sorted(paparan_dir(Auction.at(folder)).glob("*.pptx"))
        echo(f"Bahan paparan: {len(decks)} berkas di {paparan_dir(Auction.at(folder))}/")
        if result.decks_error:
            secho(f"Bahan paparan tidak dapat dibuat ({result.decks_error}); laporan, rekap, pakta dan folder per OPD "
                  "sudah ditulis. Jalankan ulang dengan --paparan; bila berulang, laporkan ke pengembang.",
                  fg="yellow", err=True)
    sys.exit(result.exit_code)


# --------------------------------------------------------------------------- the yearly rounds' own groups

def _register_rounds() -> None:
    from .evaluasi.cli import register as register_eval
    from .pk.cli import register as register_pk
    from .pantau.cli import register as register_pantau

    register_eval(main)
    register_pk(main)
    register_pantau(main)


_register_rounds()
