"""What every yearly round does around its own results: its folders, the early start of the
worker processes, and the closing outputs (laporan.xlsx, per-OPD folders, manifest.json)."""

from __future__ import annotations

import importlib
from pathlib import Path

from .. import contract as C
from ..batch import _per_opd
from ..cache import Cache
from ..checking.checker import CheckResult
from ..errors import OutputError
from ..output.atomic import clean_stale_temps
from ..output.manifest import entry, write_manifest
from ..pipeline import CheckOutputs, PactOutcome, write_report
from ..reading.xlsxread import Limits
from ..workers import Workers
from .stage import FEW, Checker, checks_to_run


def make_folders(rnd) -> None:
    """``<round>/<year>/masuk/`` and ``hasil/`` (exit 2 when they cannot be made); a killed
    run's temporary files in hasil/ removed."""
    for folder in (rnd.masuk, rnd.hasil):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Folder '{folder}' tidak dapat dibuat: {exc.strerror}") from None
    clean_stale_temps(rnd.hasil)


def start_workers(workers: Workers) -> None:
    """Fork the workers now, before the register and the submissions are in this process
    (a worker forked later counts all of it again in its memory)."""
    pool = workers.pool()
    if pool is not None:
        try:
            pool.submit(int)
        except (OSError, RuntimeError):  # no processes here: the stages run serially
            workers.reset()


def start_early(ck: Checker, rnd, limits: Limits, use_cache: bool, jobs: int, workers: Workers) -> None:
    """When there are workbooks to check, fork the workers before the round reads its register;
    they render the round's documents too and inherit the renderer's imports."""
    if jobs > 1 and rnd.auction.panel.is_file() and checks_to_run(ck, rnd, limits, Cache(rnd.hasil, use_cache)) >= FEW:
        importlib.import_module("lelang_xlsx.documents.pacts")
        start_workers(workers)


def checked_renderer(make, template: Path, kind: str):
    """``make(template)``: the round's document renderer, which checks the template (a broken
    one stops the round with its problems, before any worker starts); kept as this process's
    renderer of ``kind`` so that documents rendered here do not prepare the template again."""
    from .. import pipeline

    r = make(template)
    pipeline._RENDERERS[(str(template), kind)] = r
    return r


def counts(result: CheckResult) -> dict:
    """The manifest summary's counts of files, valid files, errors and warnings."""
    report = result.report
    return {"files": len(result.submissions), "valid": len(result.valid_submissions),
            "errors": report.errors, "warnings": report.warnings}


def finish(rnd, result: CheckResult, checked: CheckOutputs, docs: PactOutcome, cache: Cache, own: list[Path],
           summary: dict) -> dict:
    """laporan.xlsx, hasil/per-opd/<KODE>/ (annotated copies and the round's documents) and
    manifest.json with the panel, the register and every workbook read, then the cache
    saved. ``own`` are the round's own result files; returns the manifest."""
    write_report(rnd.out, result.report, cache)
    per_opd = _per_opd(rnd.out, result, checked, docs)
    root = rnd.auction.root
    inputs = [entry(rnd.auction.panel, root, status="panel"), entry(rnd.register, root, status="kesepakatan")]
    for sub in result.submissions:
        p = rnd.masuk / sub.path
        inputs.append({"path": p.relative_to(root).as_posix(), "sha256": sub.sha256,
                       "size": p.stat().st_size if p.is_file() and not p.is_symlink() else 0,
                       "kode_opd": sub.identity.kode_opd, "status": C.FORM_VALID if sub.valid else C.FORM_ERRORS,
                       "errors": sub.errors, "warnings": sub.warnings})
    outputs = [rnd.out.laporan, *own, *checked.annotated.values(), *docs.written.values(), *docs.pdfs.values(),
               *per_opd]
    manifest = write_manifest(rnd.out.manifest, root, inputs, outputs, summary)
    cache.save()
    return manifest
