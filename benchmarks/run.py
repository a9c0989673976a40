"""Benchmark ``lelang run`` against the plain pandas + openpyxl + docxtpl script.

    python benchmarks/run.py --opd 40 --repeat 5              # naive vs lelang, cold
    python benchmarks/run.py --opd 40 --repeat 5 --rerun      # lelang cold vs re-run after one resubmission
    python benchmarks/run.py --opd 1000 --repeat 1 --no-naive # scale
    python benchmarks/run.py --opd 40 --profile               # cProfile of one lelang cold run

The data (``benchmarks/generate.py``) is generated once and cached under
``benchmarks/out/data``. Every run works on a fresh copy of it under
``benchmarks/out/work``, in its own subprocess, so that

* wall time is end to end, as a user sees it (interpreter start and imports included);
* peak memory is measured per run: the RSS of the run's whole process tree (the main
  process plus its workers), sampled every 20 ms from /proc, and the largest single
  process (``ru_maxrss`` from ``os.wait4``).

lelang is run with ``lelang_xlsx.batch.run_batch`` (what ``lelang run`` calls) with the
CLI's default jobs (one worker per core), cache enabled on an empty ``hasil/`` (cold).
Its stage times come from the ``progress`` callback: ``periksa`` (read + check, and the
annotated copies the workers write while a file is warm), ``anotasi`` (copies left to
the main process), ``penawaran``, ``rekap``, ``kesepakatan`` (the agreement lifecycle: which
OPD gets, keeps or loses its pact, the register; marked by the benchmark, not the hook),
``pakta`` (pacts rendered); ``other`` is the rest of the in-process time (laporan.xlsx,
per-OPD folders, manifest, cache file). A stage's time is the time between its marks:
the recap finished while the workers render the pacts counts as ``rekap``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

WORK = HERE / "out" / "work"
NAIVE_STAGES = ["read", "check", "annotate", "offers", "recap", "pacts", "report"]
LELANG_STAGES = ["periksa", "anotasi", "penawaran", "rekap", "kesepakatan", "pakta", "other"]
# Rows of the side-by-side table: (label, naive stages, lelang stages).
ROWS = [
    ("read + check", ["read", "check"], ["periksa"]),
    ("annotate", ["annotate"], ["anotasi"]),
    ("offers", ["offers"], ["penawaran"]),
    ("recap", ["recap"], ["rekap"]),
    ("pacts", ["pacts"], ["kesepakatan", "pakta"]),
    ("report/manifest", ["report"], ["other"]),
]


# --------------------------------------------------------------------------- children


def child_lelang(root: Path, result: Path, jobs: int | None, profile: Path | None, max_rows: int | None = None) -> None:
    """One ``run_batch`` with the CLI's defaults; ``max_rows`` is ``lelang run --max-rows``
    (the row limit of the OPD workbooks only: the tool's own workbooks have theirs)."""
    t_import = time.perf_counter()
    from lelang_xlsx.reading import xlsxread
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch
    from lelang_xlsx.checking.checker import default_jobs

    imported = time.perf_counter() - t_import
    limits = xlsxread.Limits(max_rows=max_rows) if max_rows else xlsxread.Limits()
    meter = StageMeter()
    outer: list[str] = []  # the stage the current one runs inside (the recap is finished inside the lifecycle)

    def progress(stage: str, done: int, total: int) -> None:
        meter.switch((outer[-1] if outer else "other") if done >= total else stage)

    _mark_lifecycle(meter, outer)

    jobs = jobs or default_jobs()
    t0 = time.perf_counter()
    if profile:
        import cProfile

        prof = cProfile.Profile()
        run = prof.runcall(run_batch, Auction.at(root), limits, jobs=jobs, progress=progress)
        prof.dump_stats(str(profile))
    else:
        run = run_batch(Auction.at(root), limits, jobs=jobs, progress=progress)
    total = time.perf_counter() - t0
    meter.stop()
    stages = {k: v for k, v in meter.wall.items() if k != "other"}
    stages["other"] = total - sum(stages.values())
    summary = run.manifest.get("summary", {})
    result.write_text(json.dumps({"stages": stages, "inproc": total, "imports": imported, "jobs": jobs,
                                  "stage_cpu": meter.cpu, "stage_rss_mb": meter.rss_mb,
                                  "summary": {k: summary.get(k) for k in ("files", "valid", "errors", "warnings", "pacts")}}))


class StageMeter:
    """CPU seconds (this process, its live workers and the reaped ones) and peak RSS of the
    process tree (MB, sampled every 50 ms) per stage of the run; "other" is the time
    between stages. The run keeps one pool of workers from the check to the pacts, so the
    workers' CPU is read from /proc while they live, not only when they are reaped."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.rss_mb: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self.current = "other"
        self.since = self._cpu()
        self.wall_since = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @staticmethod
    def _cpu() -> float:
        import resource

        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + _live_children_cpu(os.getpid())

    def switch(self, stage: str) -> None:
        if stage == self.current:
            return
        now, wall = self._cpu(), time.perf_counter()
        self.cpu[self.current] = self.cpu.get(self.current, 0.0) + now - self.since
        self.wall[self.current] = self.wall.get(self.current, 0.0) + wall - self.wall_since
        self.current, self.since, self.wall_since = stage, now, wall

    def _sample(self) -> None:
        while not self._stop.is_set():
            mb = _tree_rss_kb(os.getpid()) / 1024
            self.rss_mb[self.current] = max(self.rss_mb.get(self.current, 0.0), mb)
            self._stop.wait(0.05)

    def stop(self) -> None:
        self.switch("end")
        self._stop.set()
        self._thread.join()


def _mark_lifecycle(meter: StageMeter, outer: list[str]) -> None:
    """Time the agreement lifecycle (``pipeline.pacts_stage``: the plan, the register; the
    pacts it renders are ``pakta``, the recap finished meanwhile ``rekap``) as a stage of its
    own, ``kesepakatan``: the run's progress hook has no mark for it."""
    from lelang_xlsx import pipeline

    inner_pacts, inner_recap = pipeline.pacts_stage, pipeline.start_recap_stage

    def pacts_stage(*args, **kwargs):
        outer.append("kesepakatan")
        meter.switch("kesepakatan")
        try:
            return inner_pacts(*args, **kwargs)
        finally:
            outer.pop()
            meter.switch("other")

    def start_recap_stage(*args, **kwargs):
        finish = inner_recap(*args, **kwargs)

        def timed():
            meter.switch("rekap")
            try:
                return finish()
            finally:
                meter.switch(outer[-1] if outer else "other")
        return timed

    pipeline.pacts_stage, pipeline.start_recap_stage = pacts_stage, start_recap_stage


def child_naive(root: Path, out: Path, result: Path) -> None:
    t_import = time.perf_counter()
    from benchmarks.naive import run_naive

    imported = time.perf_counter() - t_import
    t0 = time.perf_counter()
    stages = run_naive(root, out)
    total = time.perf_counter() - t0
    n_pacts = len(list((out / "pakta").glob("*.docx")))
    result.write_text(json.dumps({"stages": stages, "inproc": total, "imports": imported,
                                  "summary": {"pacts": n_pacts}}))


# --------------------------------------------------------------------------- measuring


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _live_children_cpu(pid: int) -> float:
    """User + system seconds of the live descendants of ``pid`` (from /proc/<pid>/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, _children(pid)
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14, 15)
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(p)
    return total


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(pid: int) -> int:
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo += _children(p)
    return total


BYTECODE = [True]  # --compile-each-run sets it False


def child_env() -> dict:
    """The children's environment: this checkout first on the path and, unless told
    otherwise, compiled modules kept (under benchmarks/out/pycache) as an installed
    package has them: PYTHONDONTWRITEBYTECODE, set on some machines, would make every run
    compile every module it imports (0.1-0.3 s of CPU for a re-run)."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if BYTECODE[0]:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(HERE / "out" / "pycache")
    return env


def measure(cmd: list[str]) -> dict:
    """Run ``cmd``; wall seconds, peak tree RSS (sampled) and max single-process RSS (MB)."""
    env = child_env()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            stop.wait(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    # CPU time of the whole tree: wait4 reports the child plus every descendant it waited for
    # (the worker pools), so it stays meaningful when other work loads the machine.
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "tree_rss_mb": peak[0] / 1024,
            "max_rss_mb": usage.ru_maxrss / 1024}


def _copy_auction(data: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns(".complete", "resubmit", "hasil"))
    return dest


def run_lelang(root: Path, jobs: int | None, profile: Path | None = None, max_rows: int | None = None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        res = Path(fh.name)
    cmd = [sys.executable, str(HERE / "run.py"), "--child", "lelang", "--root", str(root), "--result", str(res)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if profile:
        cmd += ["--profile-out", str(profile)]
    if max_rows:
        cmd += ["--max-rows", str(max_rows)]
    m = measure(cmd)
    m.update(json.loads(res.read_text()))
    res.unlink()
    return m


def run_naive(root: Path, out: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        res = Path(fh.name)
    if out.exists():
        shutil.rmtree(out)
    m = measure([sys.executable, str(HERE / "run.py"), "--child", "naive", "--root", str(root), "--out", str(out),
                 "--result", str(res)])
    m.update(json.loads(res.read_text()))
    res.unlink()
    return m


# --------------------------------------------------------------------------- reporting


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _stage(runs: list[dict], names: list[str]) -> float:
    return _med([sum(r["stages"].get(n, 0.0) for n in names) for r in runs])


def print_comparison(naive: list[dict], lelang: list[dict], n_opd: int) -> None:
    print(f"\nPer-stage times, median of {len(lelang)} run(s), seconds ({n_opd} OPDs)")
    head = f"{'stage':<20}{'naive':>10}{'lelang':>10}{'ratio':>9}"
    print(head)
    print("-" * len(head))
    for label, ns, ls in ROWS:
        a = _stage(naive, ns) if naive else float("nan")
        b = _stage(lelang, ls)
        ratio = f"{a / b:>8.1f}x" if naive and b >= 0.05 else f"{'-':>9}"
        print(f"{label:<20}{a:>10.2f}{b:>10.2f}{ratio}")
    a_in = _med([r["inproc"] for r in naive]) if naive else float("nan")
    b_in = _med([r["inproc"] for r in lelang])
    a_w = _med([r["wall"] for r in naive]) if naive else float("nan")
    b_w = _med([r["wall"] for r in lelang])
    print("-" * len(head))
    print(f"{'in-process total':<20}{a_in:>10.2f}{b_in:>10.2f}{(a_in / b_in if naive else float('nan')):>8.1f}x")
    print(f"{'end to end (wall)':<20}{a_w:>10.2f}{b_w:>10.2f}{(a_w / b_w if naive else float('nan')):>8.1f}x")
    a_c = _med([r["cpu"] for r in naive]) if naive else float("nan")
    b_c = _med([r["cpu"] for r in lelang])
    print(f"{'cpu user+sys, tree':<20}{a_c:>10.2f}{b_c:>10.2f}{(a_c / b_c if naive else float('nan')):>8.1f}x")
    print(f"{'peak RSS, tree (MB)':<20}{_med([r['tree_rss_mb'] for r in naive]) if naive else float('nan'):>10.0f}"
          f"{_med([r['tree_rss_mb'] for r in lelang]):>10.0f}")
    print(f"{'max RSS, 1 proc (MB)':<20}{_med([r['max_rss_mb'] for r in naive]) if naive else float('nan'):>10.0f}"
          f"{_med([r['max_rss_mb'] for r in lelang]):>10.0f}")
    if lelang and "stage_cpu" in lelang[0]:
        print("lelang per stage, median: cpu s (main + its workers) / peak tree RSS MB: " + ", ".join(
            f"{k} {_med([r['stage_cpu'].get(k, 0.0) for r in lelang]):.2f}/{_med([r['stage_rss_mb'].get(k, 0.0) for r in lelang]):.0f}"
            for k in LELANG_STAGES))
    print(f"\nlelang: {b_w / n_opd * 1000:.1f} ms per OPD end to end (jobs={lelang[0]['jobs']}); "
          f"summary {lelang[0]['summary']}")
    if naive:
        print(f"naive: {a_w / n_opd * 1000:.1f} ms per OPD; pacts {naive[0]['summary']['pacts']}")
        print(f"RATIO naive / lelang, end to end (median wall): {a_w / b_w:.1f}x")
    print("all wall times (s): naive " + ", ".join(f"{r['wall']:.2f}" for r in naive)
          + " | lelang " + ", ".join(f"{r['wall']:.2f}" for r in lelang))
    print("all cpu times (s): naive " + ", ".join(f"{r['cpu']:.2f}" for r in naive)
          + " | lelang " + ", ".join(f"{r['cpu']:.2f}" for r in lelang))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Benchmark lelang run against the plain pandas/openpyxl/docxtpl script.")
    ap.add_argument("--opd", type=int, default=40, help="OPDs in the generated auction")
    ap.add_argument("--indicators", type=int, default=60, help="indicators per OPD")
    ap.add_argument("--figures", type=int, default=600, help="supporting figures per OPD")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each; medians are reported")
    ap.add_argument("--jobs", type=int, default=None, help="lelang workers (default: as lelang run, one per core)")
    ap.add_argument("--no-naive", action="store_true", help="run lelang only")
    ap.add_argument("--rerun", action="store_true",
                    help="lelang cold run, then a re-run after one OPD resubmits (and one with nothing changed)")
    ap.add_argument("--resubmit", choices=["target", "fix"], default="target",
                    help="with --rerun: target = a valid OPD changes one target (default); fix = an OPD with "
                         "errors sends them corrected (benchmarks/resubmit.py)")
    ap.add_argument("--verify", action="store_true", help="compare the outputs of both (needs the naive run)")
    ap.add_argument("--profile", action="store_true", help="cProfile one lelang cold run and print the top functions")
    ap.add_argument("--max-rows", type=int, default=None,
                    help="lelang's row limit per sheet of an OPD workbook, as `lelang run --max-rows` (not needed "
                         "for the benchmark data at any size: the tool's own offer workbook, penawaran.xlsx, may "
                         "hold the panel's OPDs x this limit + 1,000 rows, and the register is JSON)")
    ap.add_argument("--clean", action="store_true", help="data without deliberate findings: every OPD valid "
                    "(default: every tenth OPD holds errors and every tenth warnings)")
    ap.add_argument("--origin", choices=["xlsxwriter", "libreoffice"], default="xlsxwriter",
                    help="libreoffice: the OPD workbooks saved again by LibreOffice Calc (shared strings, "
                         "its full style table), as a form filled in Calc")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    ap.add_argument("--compile-each-run", action="store_true", help="no compiled modules kept between runs "
                    "(as with PYTHONDONTWRITEBYTECODE; default: kept under benchmarks/out/pycache)")
    # child mode (internal)
    ap.add_argument("--child", choices=["lelang", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.child == "lelang":
        return child_lelang(a.root, a.result, a.jobs, a.profile_out, a.max_rows)
    if a.child == "naive":
        return child_naive(a.root, a.out, a.result)

    from benchmarks.generate import ensure_auction

    data = ensure_auction(a.opd, a.indicators, a.figures, a.seed, clean=a.clean, origin=a.origin)
    work = WORK / data.name
    work.mkdir(parents=True, exist_ok=True)
    print(f"data: {data}")
    BYTECODE[0] = not a.compile_each_run
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; compiled modules "
          + ("compiled again by every run" if a.compile_each_run else "kept between runs (benchmarks/out/pycache)"))
    record: dict = {"opd": a.opd, "indicators": a.indicators, "figures": a.figures, "clean": a.clean,
                    "origin": a.origin}

    if a.profile:
        import pstats

        root = _copy_auction(data, work / "lelang")
        prof = work / "lelang.prof"
        m = run_lelang(root, a.jobs, prof, a.max_rows)
        print(f"profiled cold run: {m['wall']:.2f} s wall, stages "
              + ", ".join(f"{k} {v:.2f}" for k, v in m["stages"].items()))
        st = pstats.Stats(str(prof))
        st.sort_stats("cumulative").print_stats(30)
        st.sort_stats("tottime").print_stats(20)
        return

    if a.rerun:
        cold, changed, unchanged = [], [], []
        from benchmarks.resubmit import changed_target_form, help_floor, median

        if a.resubmit == "target":
            resub = [changed_target_form(data, work / "resubmit-target", a.opd, a.indicators, a.figures, a.seed)]
        else:
            resub = sorted((data / "resubmit").glob("*.xlsx"))
        if not resub:
            raise SystemExit("no resubmission in the data (needs an OPD with errors, i.e. --opd >= 3)")
        for i in range(a.repeat):
            root = _copy_auction(data, work / "lelang")
            cold.append(run_lelang(root, a.jobs, max_rows=a.max_rows))
            for p in resub:  # the OPD fixes its errors and sends the workbook again
                shutil.copyfile(p, root / "masuk" / p.name)
            changed.append(run_lelang(root, a.jobs, max_rows=a.max_rows))
            unchanged.append(run_lelang(root, a.jobs, max_rows=a.max_rows))
            print(f"  run {i + 1}: cold {cold[-1]['wall']:.2f} s, re-run after resubmission "
                  f"{changed[-1]['wall']:.2f} s, re-run unchanged {unchanged[-1]['wall']:.2f} s", flush=True)
        record.update(cold=cold, rerun=changed, unchanged=unchanged)
        c, r, u = (_med([x["wall"] for x in runs]) for runs in (cold, changed, unchanged))
        ci, ri, ui = (_med([x["inproc"] for x in runs]) for runs in (cold, changed, unchanged))
        print(f"\nRe-run after {', '.join(p.name for p in resub)} resubmits ({a.resubmit}) ({a.opd} OPDs, median of {a.repeat})")
        head = f"{'':<28}{'wall s':>9}{'in-proc s':>11}{'cpu s':>9}{'tree RSS MB':>13}"
        print(head)
        print("-" * len(head))
        for label, runs, w, ip in (("cold (empty cache)", cold, c, ci), ("re-run, 1 OPD resubmitted", changed, r, ri),
                                   ("re-run, nothing changed", unchanged, u, ui)):
            print(f"{label:<28}{w:>9.2f}{ip:>11.2f}{_med([x['cpu'] for x in runs]):>9.2f}"
                  f"{_med([x['tree_rss_mb'] for x in runs]):>13.0f}")
        print("stages of the re-run, wall / cpu s (cpu: main process + its workers): " + ", ".join(
            f"{k} {_med([x['stages'].get(k, 0.0) for x in changed]):.2f}"
            f" / {_med([x['stage_cpu'].get(k, 0.0) for x in changed]):.2f}" for k in LELANG_STAGES))
        cc, rc, uc = (_med([x["cpu"] for x in runs]) for runs in (cold, changed, unchanged))
        floor = help_floor(a.repeat)
        print(f"floor, `lelang --help` (interpreter + CLI import): {median(floor):.2f} s wall, median of "
              f"{len(floor)}; the re-run is {r / median(floor):.1f}x the floor")
        record.update(help_floor=floor, resubmit=a.resubmit)
        print(f"RATIO cold / re-run after one resubmission: {c / r:.1f}x wall, {ci / ri:.1f}x in-process, "
              f"{cc / rc:.1f}x cpu; nothing changed: {c / u:.1f}x wall, {cc / uc:.1f}x cpu")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    else:
        naive_runs, lelang_runs = [], []
        for i in range(a.repeat):
            if not a.no_naive:
                src = _copy_auction(data, work / "naive-src")
                naive_runs.append(run_naive(src, work / "naive-out"))
            root = _copy_auction(data, work / "lelang")
            lelang_runs.append(run_lelang(root, a.jobs, max_rows=a.max_rows))
            line = f"  run {i + 1}: lelang {lelang_runs[-1]['wall']:.2f} s"
            if naive_runs:
                line = f"  run {i + 1}: naive {naive_runs[-1]['wall']:.2f} s," + line[len(f'  run {i + 1}:'):]
            print(line, flush=True)
        record.update(naive=naive_runs, lelang=lelang_runs)
        print_comparison(naive_runs, lelang_runs, a.opd)
        if a.verify and naive_runs:
            from benchmarks.compare import differences, frozen_codes

            diffs = differences(work / "lelang" / "hasil", work / "naive-out", frozen_codes())
            print("outputs identical in content" if not diffs else f"{len(diffs)} DIFFERENCES:\n" + "\n".join(diffs[:20]))
    if a.json:
        a.json.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
