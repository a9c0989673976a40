"""The public Python API: what a program (or an analyst in a notebook) calls instead of the
``lelang`` command. Documented in docs/api.md.

Checks and runs return the objects the command itself uses: a :class:`Report` (plain data:
``valid``, ``stats()``, ``findings``, ``as_dict()`` = what ``--format json`` prints) or a
run result whose ``report`` is one, and whose ``exit_code`` is the command's.

The analyst helpers return pandas DataFrames, one row per indicator (and year, for the
register). pandas is imported only when one of them is called: install the extra
``pip install "lelang-xlsx[analysis]"``; the batch never needs it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .auction import Auction
from .checking.findings import Report
from .errors import LelangError
from .reading.xlsxread import Limits

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas

__all__ = ["check_files", "check_folder", "run", "run_round", "register_frame", "evaluations_frame",
           "monitoring_frame", "ROUNDS", "Report"]

ROUNDS = ("eval", "pk", "pantau")


def check_files(paths: list[str | Path], panel: str | Path, *, limits: Limits | None = None, jobs: int = 1) -> Report:
    """Check OPD workbooks against a ``panel.xlsx`` without an auction folder (like
    ``lelang check --panel``). Writes nothing. Cross-file codes do not run."""
    from .checking.checker import check_files as _check

    return _check([Path(p) for p in paths], Path(panel), limits or Limits(), jobs).report


def check_folder(folder: str | Path, *, write: bool = False, limits: Limits | None = None, jobs: int = 1) -> Report:
    """Check every workbook in ``<folder>/masuk/`` against its ``panel.xlsx`` (like
    ``lelang check``). With ``write=True`` the annotated copies and ``hasil/laporan.xlsx``
    are written too."""
    from .pipeline import check_and_report

    auction = Auction.at(Path(folder))
    auction.require()
    return check_and_report(auction, limits or Limits(), jobs, write=write).result.report


def run(folder: str | Path, *, jobs: int = 1, pdf: bool = False, paparan: bool = False, use_cache: bool = True,
        limits: Limits | None = None):
    """The whole batch (like ``lelang run``): check, offers, recap, pacts, report, per-OPD
    folders, manifest. Returns :class:`lelang_xlsx.batch.RunResult`: ``.report``,
    ``.states`` (one ``PactState`` per OPD), ``.exit_code``."""
    from .batch import run_batch

    return run_batch(Auction.at(Path(folder)), limits or Limits(), jobs, pdf=pdf, paparan=paparan, use_cache=use_cache)


def run_round(folder: str | Path, round: str, year: int, *, jobs: int = 1, use_cache: bool = True,
              limits: Limits | None = None, **options):
    """One yearly round on the register (like ``lelang eval run``, ``lelang pk run``,
    ``lelang pantau run``): ``round`` is ``"eval"``, ``"pk"`` or ``"pantau"``. Options are
    the round's own: ``pdf=True`` (eval, pk), ``quarter=N`` and ``paparan=True`` (pantau).
    Returns the round's result; its ``.report`` is a :class:`Report`."""
    if round not in ROUNDS:
        raise LelangError(f"round must be one of {', '.join(ROUNDS)}, not {round!r}")
    module = {"eval": "evaluasi", "pk": "pk", "pantau": "pantau"}[round]
    import importlib

    runner = importlib.import_module(f"lelang_xlsx.{module}.run").run_round
    return runner(Path(folder), year, limits=limits or Limits(), use_cache=use_cache, jobs=jobs, **options)


# --------------------------------------------------------------------------- analyst helpers


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise LelangError('the analyst helpers need pandas: pip install "lelang-xlsx[analysis]"') from None
    return pandas


def register_frame(folder: str | Path) -> "pandas.DataFrame":
    """The agreement register (``hasil/kesepakatan.json``) as one row per OPD, version,
    indicator and year: the agreed target of that year. Every version is there
    (``versi``, ``berlaku_mulai``, ``digantikan_mulai``); the register is validated as the
    rounds validate it (a hand-edited register raises ``RegisterError``)."""
    pd = _pandas()
    from . import contract as C
    from .agreement.agreed import load_register

    root = Path(folder)
    reg = load_register(root / C.HASIL_DIR / C.KESEPAKATAN_JSON, root)
    rows = []
    for kode, versions in reg.versions.items():
        for a in versions:
            for ind in a.indicators:
                for year, target in sorted(ind.target.items()):
                    rows.append({
                        "kode_opd": kode, "nama_opd": a.nama_opd, "versi": a.versi, "berlaku_mulai": a.berlaku_mulai,
                        "digantikan_mulai": a.digantikan_mulai, "kode": ind.kode, "misi": ind.misi,
                        "indikator": ind.indikator, "satuan": ind.satuan, "polaritas": ind.polaritas,
                        "status": ind.status, "nilai_dasar": ind.nilai_dasar, "tahun": int(year), "target": target,
                    })
    return pd.DataFrame(rows, columns=_REGISTER_COLUMNS)


_REGISTER_COLUMNS = ["kode_opd", "nama_opd", "versi", "berlaku_mulai", "digantikan_mulai", "kode", "misi", "indikator",
                     "satuan", "polaritas", "status", "nilai_dasar", "tahun", "target"]
_EVAL_OPD = ("status", "capaian", "kategori", "bersih", "peringkat")
_EVAL_IND = ("kode", "misi", "indikator", "satuan", "polaritas", "keputusan", "target", "realisasi", "toleransi",
             "capaian", "kategori", "poin_dasar", "bobot", "poin")
_PANTAU_OPD = ("status",)
_PANTAU_IND = ("kode", "misi", "indikator", "satuan", "polaritas", "target", "sifat", "realisasi", "capaian", "lampu",
               "proyeksi", "capaian_proyeksi", "kategori")
_PER_QUARTER = ("realisasi", "capaian", "lampu")  # lists, one per quarter: the reported quarter's value is shown


def _round_files(root: Path, folder: str, name: str, year: int | None) -> list[tuple[int, Path]]:
    years = [year] if year is not None else sorted(int(p.name) for p in (root / folder).glob("[0-9][0-9][0-9][0-9]"))
    return [(y, root / folder / str(y) / "hasil" / name) for y in years
            if (root / folder / str(y) / "hasil" / name).is_file()]


def _indicator_rows(doc: dict, opd_keys: tuple, ind_keys: tuple, prefix: str) -> list[dict]:
    rows = []
    for opd in doc.get("opd") or []:
        head = {"tahun": doc.get("tahun"), "kode_opd": opd.get("kode"), "nama_opd": opd.get("nama")}
        head.update({f"{prefix}{k}": opd.get(k) for k in opd_keys})
        for ind in opd.get("indikator") or []:
            rows.append({**head, **{k: ind.get(k) for k in ind_keys}})
    return rows


def evaluations_frame(folder: str | Path, year: int | None = None) -> "pandas.DataFrame":
    """The evaluation rounds' results (``evaluasi/<year>/hasil/evaluasi.json``), one row per
    OPD and indicator: target, realisation, achievement, category, points; the OPD's
    status, mean achievement, net points and rank as ``opd_*`` columns. Every year with
    a result unless ``year`` is given; an empty frame when there is none."""
    pd = _pandas()
    rows = []
    for y, path in _round_files(Path(folder), "evaluasi", "evaluasi.json", year):
        rows += _indicator_rows(json.loads(path.read_text(encoding="utf-8")), _EVAL_OPD, _EVAL_IND, "opd_")
    columns = ["tahun", "kode_opd", "nama_opd", *(f"opd_{k}" for k in _EVAL_OPD), *_EVAL_IND]
    return pd.DataFrame(rows, columns=columns)


def monitoring_frame(folder: str | Path, year: int | None = None) -> "pandas.DataFrame | None":
    """The quarterly monitoring (``pantau/<year>/hasil/pemantauan.json``), one row per OPD
    and indicator at the quarter the result reports (``triwulan``): the year's target, that
    quarter's realisation, capaian and light, the projected year-end value and its
    category. None when the folder has no monitoring result."""
    pd = _pandas()
    files = _round_files(Path(folder), "pantau", "pemantauan.json", year)
    if not files:
        return None
    rows = []
    for y, path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        quarter = doc.get("triwulan")
        for row in _indicator_rows(doc, _PANTAU_OPD, _PANTAU_IND, "opd_"):
            row["triwulan"] = quarter
            for key in _PER_QUARTER:
                values = row[key]
                if isinstance(values, list):
                    row[key] = values[quarter - 1] if isinstance(quarter, int) and 0 < quarter <= len(values) else None
            rows.append(row)
    columns = ["tahun", "triwulan", "kode_opd", "nama_opd", *(f"opd_{k}" for k in _PANTAU_OPD), *_PANTAU_IND]
    return pd.DataFrame(rows, columns=columns)
