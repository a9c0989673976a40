"""What the yearly rounds' benchmarks (``eval_bench.py``, ``pk_bench.py``, ``pantau_bench.py``)
share: a fresh copy of the cached round, one measured run of the round's command (in its
own process, through the click command, with the round's stage functions wrapped by
timers), the unchanged re-run and the re-run after ONE workbook is resubmitted.

A round is described by a :class:`RoundSpec` in its script: the command, the year, the
round's folder, its stage functions and how one OPD resubmits (its workbook written again
with one value changed, as the round's builder writes every workbook). Per run: wall time
end to end, CPU time (user + sys) of the whole process tree (steadier than wall time on a
loaded machine), peak RSS of the tree (sampled every 20 ms) and of the largest process,
the load average at the start and end, and per stage the wall time and the CPU time of
the main process (the serial part; the workers' CPU is in the tree's total).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _p in (str(REPO), str(REPO / "sample_workbooks")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from benchmarks.run import StageMeter, measure  # noqa: E402


@dataclass
class RoundSpec:
    name: str  # for the work folder: eval, pk, pantau
    command: list[str]  # the CLI words before DIR: ["pantau", "run"]
    year: int
    folder: str  # the round's folder under the auction: evaluasi, pk, pantau
    stages: list[tuple[str, str, str]]  # (stage, module, function or Class.method) wrapped with timers in the child
    resubmit: Callable[[Path, str], None]  # (auction root, kode OPD): that OPD's workbook again, one value changed
    extra_args: list[str] = field(default_factory=list)

    def masuk(self, root: Path) -> Path:
        return root / self.folder / str(self.year) / "masuk"

    @property
    def stage_names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _, _ in self.stages)) + ["other"]


def spec_of(ref: str) -> RoundSpec:
    """``module:NAME`` -> the spec (the child process finds it again this way)."""
    module, name = ref.split(":")
    return getattr(importlib.import_module(module), name)


def fresh(data: Path, name: str) -> Path:
    dest = HERE / "out" / "work" / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


# --------------------------------------------------------------------------- child: one run


class MainMeter(StageMeter):
    """CPU time of the main process only, per stage: the worker pool lives until the end of
    the run, so its workers' time is known only as the tree's total (``measure``)."""

    @staticmethod
    def _cpu() -> float:
        import resource

        me = resource.getrusage(resource.RUSAGE_SELF)
        return me.ru_utime + me.ru_stime


def child(spec: RoundSpec, root: Path, result: Path, profile: Path | None = None) -> None:
    """The round's command on ``root`` through the click command, in this process, with the
    spec's stage functions wrapped by timers (exclusive times: an inner stage's time is
    taken from the enclosing one)."""
    t_import = time.perf_counter()
    from lelang_xlsx import cli

    imported = time.perf_counter() - t_import
    meter = MainMeter()
    times: dict[str, float] = {}
    active: list[str] = []

    def wrap(stage: str, fn):
        def timed(*args, **kwargs):
            outer = meter.current
            meter.switch(stage)
            active.append(stage)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.perf_counter() - t0
                active.pop()
                times[stage] = times.get(stage, 0.0) + took
                if active:
                    times[active[-1]] = times.get(active[-1], 0.0) - took
                meter.switch(outer)
        return timed

    for stage, module, name in spec.stages:
        owner = importlib.import_module(module)
        *outer, name = name.split(".")  # "Class.method": the method of a class of the module
        for part in outer:
            owner = getattr(owner, part)
        setattr(owner, name, wrap(stage, getattr(owner, name)))
    args = [*spec.command, str(root), "--year", str(spec.year), *spec.extra_args]
    code = 0
    devnull, err = open(os.devnull, "w"), tempfile.TemporaryFile("w+")
    stdout, stderr, sys.stdout, sys.stderr = sys.stdout, sys.stderr, devnull, err
    t0 = time.perf_counter()
    try:
        if profile:
            import cProfile

            prof = cProfile.Profile()
            try:
                prof.runcall(cli.main, args, standalone_mode=False)
            finally:
                prof.dump_stats(str(profile))
        else:
            cli.main(args, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    total = time.perf_counter() - t0
    if code not in (0, 1):
        err.seek(0)
        print(err.read(), file=sys.stderr)
    meter.stop()
    times["other"] = total - sum(times.values())
    result.write_text(json.dumps({"exit": code, "stages": times, "inproc": total, "imports": imported,
                                  "stage_cpu": meter.cpu, "stage_rss_mb": meter.rss_mb}))


def run(ref: str, root: Path, profile: Path | None = None) -> dict:
    """One measured run of the round ``ref`` (``module:NAME`` of its spec) on ``root``."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        res = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", ref, "--root", str(root), "--result", str(res)]
    if profile:
        cmd += ["--profile-out", str(profile)]
    load0 = os.getloadavg()[0]
    m = measure(cmd)
    m.update(json.loads(res.read_text()), load=(load0, os.getloadavg()[0]))
    res.unlink()
    return m


def resubmit_one(spec: RoundSpec, root: Path) -> str:
    """The first OPD (file name order) sends its workbook again with one value changed; its
    code. The new file is written in place of the old one (new bytes, new mtime)."""
    first = sorted(spec.masuk(root).glob("*.xlsx"))[0]
    time.sleep(0.01)  # a new modification time even on a coarse clock
    spec.resubmit(root, first.stem)
    return first.stem


def bench(ref: str, data: Path, repeat: int, rerun: bool = True, resubmit: bool = True) -> dict:
    """Per repeat: cold on a fresh copy, then (``rerun``) the unchanged re-run, then
    (``resubmit``) the re-run after one workbook is resubmitted."""
    spec = spec_of(ref)
    n = len(list(spec.masuk(data).glob("*.xlsx")))
    out: dict = {"files": n, "cold": [], "rerun": [], "resubmit": []}
    for i in range(repeat):
        root = fresh(data, f"{spec.name}-lelang")
        out["cold"].append(run(ref, root))
        if rerun:
            out["rerun"].append(run(ref, root))
        if resubmit:
            resubmit_one(spec, root)
            out["resubmit"].append(run(ref, root))
        print(f"  {n} workbooks, run {i + 1}: " + ", ".join(
            f"{k} {out[k][-1]['wall']:.2f} s wall / {out[k][-1]['cpu']:.2f} s CPU"
            for k in ("cold", "rerun", "resubmit") if out[k]), flush=True)
        shutil.rmtree(root)
    return out


# --------------------------------------------------------------------------- reporting

LABELS = {"cold": "cold", "rerun": "re-run unchanged", "resubmit": "re-run, 1 resubmitted"}
HEADER = (f"{'run':<24}{'files':>6}{'wall s':>9}{'CPU s':>9}{'RSS MB tree/max':>17}   load average start→end")


def med(runs: list[dict], key) -> float:
    return statistics.median(key(r) if callable(key) else r[key] for r in runs)


def line(label: str, runs: list[dict], n: int) -> str:
    loads = ", ".join(f"{r['load'][0]:.1f}→{r['load'][1]:.1f}" for r in runs)
    return (f"{label:<24}{n:>6}{med(runs, 'wall'):>9.2f}{med(runs, 'cpu'):>9.2f}"
            f"{med(runs, 'tree_rss_mb'):>10.0f} /{med(runs, 'max_rss_mb'):>5.0f}   {loads}")


def print_stages(spec: RoundSpec, runs: list[dict], indent: str = "    ") -> None:
    print(f"{indent}stage       wall s  main CPU s  tree MB (medians)")
    for k in spec.stage_names:
        if any(k in r["stages"] for r in runs):
            print(f"{indent}{k:<10}{med(runs, lambda r: r['stages'].get(k, 0.0)):>8.2f}"
                  f"{med(runs, lambda r: r['stage_cpu'].get(k, 0.0)):>12.2f}"
                  f"{med(runs, lambda r: r['stage_rss_mb'].get(k, 0.0)):>9.0f}")


def report(ref: str, results: list[dict], stages: bool = True) -> None:
    spec = spec_of(ref)
    print(f"\nlelang {' '.join(spec.command)}, {os.cpu_count()} cores; medians of {len(results[0]['cold'])} run(s)")
    print(HEADER)
    print("-" * len(HEADER))
    for r in results:
        for k in ("cold", "rerun", "resubmit"):
            if r[k]:
                print(line(LABELS[k], r[k], r["files"]))
    if stages:
        for r in results:
            for k in ("cold", "rerun", "resubmit"):
                if r[k]:
                    print(f"\n  {r['files']} workbooks, {LABELS[k]}: exit {sorted({x['exit'] for x in r[k]})}")
                    print_stages(spec, r[k])


def profile(ref: str, root: Path, top: int = 40) -> dict:
    """cProfile the main process of one run on ``root``; prints the top functions."""
    import pstats

    spec = spec_of(ref)
    prof = HERE / "out" / "work" / f"{spec.name}.prof"
    m = run(ref, root, prof)
    print(f"profiled run: {m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU (tree), load {m['load']}")
    print_stages(spec, [m])
    st = pstats.Stats(str(prof))
    st.sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(25)
    return m


def _child_main(argv: list[str]) -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--child", required=True)
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--result", type=Path, required=True)
    ap.add_argument("--profile-out", type=Path)
    a = ap.parse_args(argv)
    child(spec_of(a.child), a.root, a.result, a.profile_out)


if __name__ == "__main__":
    _child_main(sys.argv[1:])
