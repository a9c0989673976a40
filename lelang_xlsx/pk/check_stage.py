"""Checking the PK forms in masuk/: the shared check stage of the yearly rounds
(:mod:`lelang_xlsx.rounds.stage`) with the PK form's reader and meaning checks."""

from __future__ import annotations

from pathlib import Path

from .. import contract as C
from ..cache import Cache
from ..checking.checker import CheckResult
from ..pipeline import Progress, _noop
from ..reading.xlsxread import Limits
from ..rounds import stage
from ..rounds.stage import Checker, panel_names
from ..workers import Workers
from .checks import check_form, cross_checks
from .reader import PkForm, read_form
from .setup import Setup


def _meaning(sub: PkForm, s: Setup) -> None:
    check_form(sub, s.register, s.year)


# the panel's bytes are not part of a form's cache key: the PK checks read only the register
CHECKER = Checker("pk", "pk", PkForm, read_form, _meaning, panel_names, uses_panel=False)


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> PkForm:
    """Read and check one form; any failure becomes that file's finding."""
    return stage.check_one(CHECKER, path, display, s, limits, problem)


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> CheckResult:
    """Check every form in masuk/ (unchanged files from the cache); with ``annotate_dir``
    the annotated copies are written while each file is checked."""
    result = stage.check_files(CHECKER, s, limits, progress, cache, jobs, annotate_dir, workers)
    result.general.extend(cross_checks(result.submissions, s.agreements, f"{C.HASIL_DIR}/{s.round.register.name}"))
    return result
