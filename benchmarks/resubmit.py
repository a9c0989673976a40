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
    from benchmarks.run import child_env

    env = child_env()
    out = []
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lelang_xlsx", "--help"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def profile_rerun(n_opd: int, jobs: int = 2, top: int = 40, cold: bool = False) -> None:
    """cProfile of the re-run after the ``target`` resubmission, in this process (the workers'
    share of the check is not in it). The cold run is made once and kept as a snapshot under
    ``benchmarks/out/rerun-profile/`` (``cold=True`` makes it again); each call starts from
    that snapshot, so the figures repeat. Prints the re-run's wall time, this process's CPU
    time and the functions by cumulative time."""
    import cProfile
    import pstats
    import shutil

    from benchmarks.generate import ensure_auction
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    data = ensure_auction(n_opd, quiet=True)
    work = HERE / "out" / "rerun-profile" / f"opd{n_opd}"
    root, snap = work / "lelang", work / "snapshot"
    if cold or not (work / "snapshot.done").is_file():
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(data, root, ignore=shutil.ignore_patterns(".complete", "resubmit", "hasil"))
        run_batch(Auction.at(root), jobs=jobs)
        shutil.copytree(root, snap, symlinks=True)
        (work / "snapshot.done").write_text("")
        print("cold run made; run again for the profile of the re-run (a fresh process)")
        return
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(snap, root, symlinks=True)
    form = changed_target_form(data, work / "resubmit", n_opd, 60, 600, 0)
    shutil.copyfile(form, root / "masuk" / form.name)
    prof = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    prof.runcall(run_batch, Auction.at(root), jobs=jobs)
    print(f"re-run after {form.name} resubmits ({n_opd} OPDs): {time.perf_counter() - t0:.2f} s wall, "
          f"{time.process_time() - c0:.2f} s CPU of this process (under cProfile); load {os.getloadavg()[0]:.1f}")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="cProfile of the re-run after one resubmission "
                                             "(run twice: the first call makes the cold run)")
    ap.add_argument("--opd", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--cold", action="store_true", help="make the cold run again")
    a = ap.parse_args()
    sys.path.insert(0, str(REPO))
    profile_rerun(a.opd, a.jobs, a.top, a.cold)
