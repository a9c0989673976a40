"""Benchmark ``lelang pantau run`` at scale: N OPDs, each returning a monitoring workbook
with all four quarters filled.

    python benchmarks/pantau_bench.py --opd 1000            # cold run, then an unchanged re-run
    python benchmarks/pantau_bench.py --opd 40 200 1000 --repeat 2

The round for N OPDs is built once under ``benchmarks/out/data/pantau-opd<N>`` from the
auction benchmark's cached data (``benchmarks/generate.py``: N OPDs x 60 indicators, every
tenth with errors, so 0.9 N of them get a pact): the stand-in agreement register
(``sample_workbooks/register_contoh.py``), then one filled 2020 monitoring workbook per
registered OPD (``sample_workbooks/build_pantau.py`` scenarios, reported up to TW IV).

Every run works on a fresh copy (cold: an empty ``hasil/``), as ``python -m lelang_xlsx
pantau run DIR --year 2020`` with the command's defaults (one worker per core, cache on),
measured from outside (``benchmarks/run.measure``): wall time, CPU time of the whole
process tree, peak RSS of the tree (sampled every 20 ms from /proc) and of the largest
single process. The re-run runs the same command again on the same folder, unchanged.
The load average at the start and end is printed: the machine is shared, and a figure
taken under load says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "sample_workbooks"))

from benchmarks import generate  # noqa: E402
from benchmarks.run import measure  # noqa: E402

YEAR = 2020


def _write_forms(args) -> int:
    """Worker: the filled monitoring workbooks of a slice of the register's OPDs."""
    root, items = args
    from build_pantau import filled

    from lelang_xlsx.agreement.agreed import load_register
    from lelang_xlsx.pantau.form import write_form

    reg = load_register(Path(root) / "hasil" / "kesepakatan.json", Path(root))
    masuk = Path(root) / "pantau" / str(YEAR) / "masuk"
    for i, kode in items:
        a = reg.in_force(kode, YEAR)
        write_form(masuk / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a, i, reported=4))
    return len(items)


def ensure_round(n_opd: int, jobs: int | None = None) -> Path:
    target = generate.DATA / f"pantau-v1-opd{n_opd}"
    if (target / ".complete").is_file():
        return target
    from concurrent.futures import ProcessPoolExecutor

    from register_contoh import write_register

    from lelang_xlsx.agreement.agreed import load_register

    t0 = time.perf_counter()
    auction = generate.ensure_auction(n_opd)
    tmp = target.with_name(target.name + ".tmp")
    for d in (target, tmp):
        if d.exists():
            shutil.rmtree(d)
    tmp.mkdir(parents=True)
    shutil.copy2(auction / "panel.xlsx", tmp / "panel.xlsx")
    shutil.copytree(auction / "masuk", tmp / "masuk")
    import functools

    import register_contoh
    from lelang_xlsx.checking.checker import check_auction

    register_contoh.check_auction = functools.partial(check_auction, jobs=jobs or os.cpu_count() or 1)
    write_register(tmp)
    codes = list(load_register(tmp / "hasil" / "kesepakatan.json", tmp).opd)
    (tmp / "pantau" / str(YEAR) / "masuk").mkdir(parents=True)
    jobs = jobs or os.cpu_count() or 1
    items = list(enumerate(codes))
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_write_forms, [(str(tmp), items[k::jobs]) for k in range(jobs)]))
    (tmp / ".complete").write_text("ok\n")
    tmp.rename(target)
    print(f"monitoring round of {len(codes)} OPDs built in {time.perf_counter() - t0:.0f} s: {target}", file=sys.stderr)
    return target


def _fresh(data: Path, name: str) -> Path:
    dest = HERE / "out" / "work" / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


def _line(label: str, r: dict) -> str:
    return (f"{label:<8} wall {r['wall']:6.2f} s  cpu {r['cpu']:6.2f} s  tree RSS {r['tree_rss_mb']:6.0f} MB  "
            f"max process {r['max_rss_mb']:5.0f} MB")


def bench(n_opd: int, repeat: int) -> list[tuple[str, dict]]:
    data = ensure_round(n_opd)
    out = []
    for k in range(repeat):
        root = _fresh(data, f"pantau-opd{n_opd}")
        cmd = [sys.executable, "-m", "lelang_xlsx", "pantau", "run", str(root), "--year", str(YEAR)]
        load = os.getloadavg()[0]
        cold = measure(cmd)
        rerun = measure(cmd)
        cold["load"], rerun["load"] = load, os.getloadavg()[0]
        out += [(f"cold #{k + 1}", cold), (f"re-run #{k + 1}", rerun)]
        shutil.rmtree(root)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--build-only", action="store_true", help="build the cached round and stop")
    args = ap.parse_args(argv)
    for n in args.opd:
        if args.build_only:
            ensure_round(n)
            continue
        print(f"{n} OPDs (load average {os.getloadavg()[0]:.1f} at start, {os.cpu_count()} cores)")
        for label, r in bench(n, args.repeat):
            print("  " + _line(label, r) + f"  load {r['load']:.1f}")


if __name__ == "__main__":
    main()
