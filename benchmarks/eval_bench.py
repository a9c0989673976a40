"""Benchmark ``lelang eval run`` against the plain pandas + openpyxl + docxtpl script
(``benchmarks/eval_naive.py``) on the same evaluation round.

    python benchmarks/eval_bench.py --opd 40 --repeat 3

The round is built once under ``benchmarks/out/data/eval-…`` from the auction benchmark's
data (``benchmarks/generate.py``: 60 indicators per OPD): the stand-in agreement register
(``sample_workbooks/register_contoh.py``) for every valid OPD, then one filled 2019
realisation workbook per OPD (``sample_workbooks/build_evaluasi.py`` scenarios). Every
run works on a fresh copy, in its own subprocess (wall time end to end, peak memory of
the process tree: ``benchmarks/run.py``'s ``measure``). The two must agree on every
OPD's achievement and net points (checked after the runs).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "sample_workbooks"))

from benchmarks import generate  # noqa: E402
from benchmarks.run import measure  # noqa: E402

YEAR = 2019


def ensure_round(n_opd: int) -> Path:
    target = generate.DATA / f"eval-v2-opd{n_opd}"
    if (target / ".complete").is_file():
        return target
    from build_evaluasi import filled
    from register_contoh import write_register

    from lelang_xlsx.evaluasi.form import write_form
    from lelang_xlsx.evaluasi.register import load_register

    if target.exists():
        shutil.rmtree(target)
    generate._write_offers = lambda root, jobs: None  # the round needs the submissions only
    generate.generate_auction(target, n_opd)
    shutil.rmtree(target / "resubmit", ignore_errors=True)
    write_register(target)
    reg = load_register(target / "hasil" / "kesepakatan.json", target)
    masuk = target / "evaluasi" / str(YEAR) / "masuk"
    for i, (kode, a) in enumerate(reg.opd.items()):
        write_form(masuk / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a, 2 * i))
    (target / ".complete").write_text("ok\n")
    return target


def _fresh(data: Path, name: str) -> Path:
    dest = HERE / "out" / "work" / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    data = ensure_round(a.opd)
    n_files = len(list((data / "evaluasi" / str(YEAR) / "masuk").glob("*.xlsx")))
    naive, lelang, rerun = [], [], []
    for _ in range(a.repeat):
        root = _fresh(data, "eval-naive")
        naive.append(measure([sys.executable, str(HERE / "eval_naive.py"), str(root), str(YEAR), str(root / "naive")]))
        root = _fresh(data, "eval-lelang")
        lelang.append(measure([sys.executable, "-m", "lelang_xlsx", "eval", "run", str(root), "--year", str(YEAR)]))
        rerun.append(measure([sys.executable, "-m", "lelang_xlsx", "eval", "run", str(root), "--year", str(YEAR)]))
    mine = json.loads((HERE / "out/work/eval-lelang/evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    theirs = json.loads((HERE / "out/work/eval-naive/naive/evaluasi.json").read_text(encoding="utf-8"))
    # the same achievement and net points per OPD (ranks differ only where OPDs tie: lelang shares the rank)
    got = {o["kode"]: (o["capaian"], o["bersih"]) for o in mine["opd"] if o["status"] == "dievaluasi"}
    want = {o["kode"]: (o["capaian"], o["bersih"]) for o in theirs if o["ok"]}
    same = got == want
    med = lambda runs, k: statistics.median(r[k] for r in runs)  # noqa: E731
    print(f"evaluation round, {n_files} OPDs x 60 indicators, median of {a.repeat}:")
    print(f"  naive script     {med(naive, 'wall'):6.2f} s   peak tree RSS {med(naive, 'tree_rss_mb'):6.0f} MB")
    print(f"  lelang eval run  {med(lelang, 'wall'):6.2f} s   peak tree RSS {med(lelang, 'tree_rss_mb'):6.0f} MB"
          f"   ratio {med(naive, 'wall') / med(lelang, 'wall'):.1f}x")
    print(f"  re-run unchanged {med(rerun, 'wall'):6.2f} s   ratio {med(naive, 'wall') / med(rerun, 'wall'):.1f}x")
    print(f"  same achievement and net points per OPD: {'yes' if same else 'NO'}")
    if not same:
        diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want) if got.get(k) != want.get(k)}
        print(f"  differences: {dict(list(diff.items())[:5])}")


if __name__ == "__main__":
    main()
