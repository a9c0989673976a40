"""Benchmark ``lelang pk run`` at scale: cold (empty ``pk/<Y>/hasil/``) and an unchanged re-run.

    python benchmarks/pk_bench.py --opd 1000 --repeat 1
    python benchmarks/pk_bench.py --opd 40 200 1000 --repeat 3 --json out.json
    python benchmarks/pk_bench.py --opd 40 1000 --rerun   # + re-run after one resubmission

The round for N OPDs is built once under ``benchmarks/out/data/pk-opd<N>``: the auction
benchmark's generated auction (``benchmarks/generate.py``, every OPD clean, 8 indicators
each: a PK usually has 5–10), the stand-in agreement register of its OPDs
(``sample_workbooks/register_contoh.py``), and one filled 2019 PK form per OPD written
as the Malang samples are (``sample_workbooks/build_pk.py``: a programme per programme
of the agreement with its budget). Every run works on a fresh copy in its own process
(``lelang pk run DIR --year 2019`` with the command's defaults: one worker per core,
cache on; ``benchmarks/rounds_bench.py``, shared with the other rounds' benchmarks).
Reported: wall time, CPU time of the whole process tree, peak RSS of the tree (sampled
every 20 ms from /proc), the load average before and after, and per stage the wall and
main-process CPU time. ``--rerun``: after the unchanged re-run, the first OPD resubmits
its form with one budget changed and the command runs again.
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

YEAR = 2019
INDICATORS, FIGURES = 8, 16


def _write_forms(args) -> int:
    root, codes = args
    from build_pk import filled

    from lelang_xlsx.agreement.agreed import load_register
    from lelang_xlsx.pk.form import write_form

    reg = load_register(Path(root) / "hasil" / "kesepakatan.json", Path(root))
    masuk = Path(root) / "pk" / str(YEAR) / "masuk"
    for kode in codes:
        a = reg.in_force(kode, YEAR)
        write_form(masuk / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a))
    return len(codes)


def ensure_round(n_opd: int) -> Path:
    target = generate.DATA / f"pk-opd{n_opd}"
    if (target / ".complete").is_file():
        return target
    from concurrent.futures import ProcessPoolExecutor

    from register_contoh import write_register

    from lelang_xlsx.agreement.agreed import load_register

    t0 = time.perf_counter()
    auction = generate.ensure_auction(n_opd, INDICATORS, FIGURES, clean=True)
    tmp = target.with_name(target.name + ".tmp")
    for d in (target, tmp):
        if d.exists():
            shutil.rmtree(d)
    tmp.mkdir(parents=True)
    shutil.copy2(auction / "panel.xlsx", tmp / "panel.xlsx")
    shutil.copytree(auction / "masuk", tmp / "masuk")
    write_register(tmp)
    codes = list(load_register(tmp / "hasil" / "kesepakatan.json", tmp).opd)
    (tmp / "pk" / str(YEAR) / "masuk").mkdir(parents=True)
    jobs = os.cpu_count() or 1
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_write_forms, [(str(tmp), codes[k::jobs]) for k in range(jobs)]))
    (tmp / ".complete").write_text("ok\n")
    tmp.rename(target)
    print(f"PK round of {len(codes)} OPDs built in {time.perf_counter() - t0:.0f} s: {target}", file=sys.stderr)
    return target


def resubmit(root: Path, kode: str) -> None:
    """OPD ``kode`` sends its PK form again with one value changed (its first programme's
    budget up by Rp 1,000,000), written as the round was built."""
    from build_pk import filled

    from lelang_xlsx.agreement.agreed import load_register
    from lelang_xlsx.pk.form import write_form

    reg = load_register(root / "hasil" / "kesepakatan.json", root)
    a = reg.in_force(kode, YEAR)
    data = filled(a)
    data.programs[0]["anggaran"] = data.programs[0]["anggaran"] + 1_000_000
    write_form(root / "pk" / str(YEAR) / "masuk" / f"{kode}.xlsx", a, YEAR, reg.pemda, data)


SHARED = "lelang_xlsx.rounds"  # the stages every round shares (lelang_xlsx/rounds/)
RUN = "lelang_xlsx.pk.run"
SPEC = RoundSpec(
    name="pk", command=["pk", "run"], year=YEAR, folder="pk", resubmit=resubmit,
    stages=[("prepare", RUN, "prepare"), ("check", RUN, "check_round"), ("annotate", SHARED + ".stage", "annotate_copies"),
            ("decide", RUN, "_decide"), ("documents", RUN, "_documents"),
            ("xlsx", "lelang_xlsx.pk.workbook", "write_workbook"), ("json", RUN, "pk_dict"),
            ("json", RUN, "write_pk_json"), ("status", RUN, "write_status"), ("laporan", SHARED + ".outputs", "write_report"),
            ("per-opd", SHARED + ".outputs", "_per_opd"), ("manifest", SHARED + ".outputs", "write_manifest"),
            ("summary", "lelang_xlsx.pk.summary", "print_pk_summary"),
            ("up-to-date", "lelang_xlsx.pk.rerun", "lookup"), ("up-to-date", "lelang_xlsx.pk.rerun", "record")])
REF = "benchmarks.pk_bench:SPEC"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; medians are reported")
    ap.add_argument("--rerun", action="store_true",
                    help="after the unchanged re-run, resubmit one workbook (one value changed) and run again")
    ap.add_argument("--profile", action="store_true", help="cProfile one cold run's main process and print the top")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    a = ap.parse_args(argv)
    results = []
    for n in a.opd:
        data = ensure_round(n)
        if a.profile:
            rounds_bench.profile(REF, rounds_bench.fresh(data, "pk-lelang"))
            continue
        results.append(rounds_bench.bench(REF, data, a.repeat, rerun=True, resubmit=a.rerun))
    if results:
        rounds_bench.report(REF, results)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
