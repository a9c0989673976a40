"""Benchmark ``lelang pantau run`` at scale: N OPDs, each returning a monitoring workbook
with all four quarters filled.

    python benchmarks/pantau_bench.py --opd 1000            # cold run, then an unchanged re-run
    python benchmarks/pantau_bench.py --opd 40 1000 --rerun # ... then a re-run after one resubmission
    python benchmarks/pantau_bench.py --opd 1000 --profile  # cProfile of one cold run (main process)

The round for N OPDs is built once under ``benchmarks/out/data/pantau-v1-opd<N>`` from the
auction benchmark's cached data (``benchmarks/generate.py``: N OPDs x 60 indicators, every
tenth with errors, so 0.9 N of them get a pact): the stand-in agreement register
(``sample_workbooks/register_contoh.py``), then one filled 2020 monitoring workbook per
registered OPD (``sample_workbooks/build_pantau.py`` scenarios, reported up to TW IV).

Every run works on a fresh copy (cold: an empty ``hasil/``) and runs ``lelang pantau run
DIR --year 2020`` with the command's defaults (one worker per core, cache on) in its own
process (``benchmarks/rounds_bench.py``, shared with the other rounds' benchmarks): wall
time, CPU time of the whole process tree, peak RSS of the tree and of the largest single
process, and per stage the wall and main-process CPU time. ``--rerun``: after the
unchanged re-run, the first OPD resubmits its workbook with one realisation changed and
the command runs again. The load average at the start and end is printed: the machine is
shared, and a figure taken under load says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "sample_workbooks"))

from benchmarks import generate, rounds_bench  # noqa: E402
from benchmarks.rounds_bench import RoundSpec  # noqa: E402

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


def resubmit(root: Path, kode: str) -> None:
    """OPD ``kode`` sends its workbook again with one realisation changed (its first
    indicator's TW IV value moved by 1 %), written as the round was built."""
    from build_pantau import filled

    from lelang_xlsx.agreement.agreed import load_register
    from lelang_xlsx.pantau.form import write_form

    reg = load_register(root / "hasil" / "kesepakatan.json", root)
    i = list(reg.opd).index(kode)
    a = reg.in_force(kode, YEAR)
    data = filled(a, i, reported=4)
    row = next(r for r in data.realisasi if isinstance(r.get("r4"), (int, float)))
    row["r4"] = round(row["r4"] * 1.01 + 0.01, 2)
    write_form(root / "pantau" / str(YEAR) / "masuk" / f"{kode}.xlsx", a, YEAR, reg.pemda, data)


SHARED = "lelang_xlsx.rounds"  # the stages every round shares (lelang_xlsx/rounds/)
RUN = "lelang_xlsx.pantau.run"
SPEC = RoundSpec(
    name="pantau", command=["pantau", "run"], year=YEAR, folder="pantau", resubmit=resubmit,
    stages=[("prepare", RUN, "prepare"), ("check", RUN, "check_round"), ("annotate", SHARED + ".stage", "annotate_copies"),
            ("status", "lelang_xlsx.pantau.results", "monitor"), ("status", "lelang_xlsx.pantau.results", "per_mission"),
            ("json", "lelang_xlsx.pantau.results", "results_dict"), ("json", "lelang_xlsx.pantau.workbook", "write_json"),
            ("xlsx", "lelang_xlsx.pantau.workbook", "write_workbook"), ("laporan", SHARED + ".outputs", "write_report"),
            ("per-opd", SHARED + ".outputs", "_per_opd"), ("manifest", SHARED + ".outputs", "write_manifest"), ("up-to-date", RUN, "_recorded"),
            ("up-to-date", RUN, "_record"), ("summary", "lelang_xlsx.pantau.summary", "print_summary")])
REF = "benchmarks.pantau_bench:SPEC"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--rerun", action="store_true",
                    help="after the cold run and the unchanged re-run, resubmit one workbook (one value changed) "
                         "and run again")
    ap.add_argument("--profile", action="store_true", help="cProfile one cold run's main process and print the top")
    ap.add_argument("--build-only", action="store_true", help="build the cached round and stop")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = ap.parse_args(argv)
    results = []
    for n in args.opd:
        data = ensure_round(n)
        if args.build_only:
            continue
        if args.profile:
            rounds_bench.profile(REF, rounds_bench.fresh(data, "pantau-lelang"))
            continue
        print(f"{n} OPDs (load average {os.getloadavg()[0]:.1f} at start, {os.cpu_count()} cores)")
        results.append(rounds_bench.bench(REF, data, args.repeat, rerun=True, resubmit=args.rerun))
    if results:
        rounds_bench.report(REF, results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
