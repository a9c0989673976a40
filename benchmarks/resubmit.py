"""What ``benchmarks/run.py --rerun`` needs besides the runs themselves: the resubmitted
form and the floor (``lelang --help``).

* ``--resubmit target`` (default): the first OPD without deliberate findings sends its
  form again with one target changed (the last year's target of its second indicator
  moved by one step in the direction of its polarity), written as the generator writes
  every form (XlsxWriter; also for ``--origin libreoffice``).
* ``--resubmit fix``: the first OPD with errors sends a corrected form
  (``generate.py``'s ``resubmit/`` folder): it becomes valid, its rows are added to
  ``penawaran.xlsx`` and its pact is issued if its session is closed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def changed_target_form(data: Path, dest_dir: Path, n_opd: int, indicators: int, figures: int,
                        seed: int) -> Path:
    """Write the changed copy of the first clean OPD's form into ``dest_dir``; its path."""
    from benchmarks.generate import _defects, filled_for, make_panel
    from lelang_xlsx.workbooks.formulir import write_formulir

    panel = make_panel(n_opd)
    codes = list(panel.opds)
    i, kode = next((i, k) for i, k in enumerate(codes, start=1) if not _defects(i, n_opd))
    data_ = filled_for(panel, kode, i, n_opd, indicators, figures, seed)
    ind = data_.indicators[1]
    last = f"target_{list(panel.years)[-1]}"
    step = {"Naik": 1, "Turun": -1}.get(ind["polaritas"], 0)
    if step == 0:  # a Tetap indicator: change its baseline and every target together
        for k in [k for k in ind if k.startswith("target_")] + ["nilai_dasar"]:
            ind[k] = ind[k] + 1
    else:
        ind[last] = ind[last] + step * (1 if ind["satuan"] != "%" or ind[last] < 99 else 0.1)
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / f"{kode}.xlsx"
    write_formulir(path, panel, kode, panel.opds[kode], data_)
    return path


def help_floor(repeat: int) -> list[float]:
    """Wall seconds of ``python -m lelang_xlsx --help`` (interpreter start + CLI import)."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = []
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lelang_xlsx", "--help"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
