"""Benchmark ``lelang pk run`` at scale: cold (empty ``pk/<Y>/hasil/``) and an unchanged re-run.

    python benchmarks/pk_bench.py --opd 1000 --repeat 1
    python benchmarks/pk_bench.py --opd 40 200 1000 --repeat 3 --json out.json

The round for N OPDs is built once under ``benchmarks/out/data/pk-opd<N>``: the auction
benchmark's generated auction (``benchmarks/generate.py``, every OPD clean, 8 indicators
each: a PK usually has 5–10), the stand-in agreement register of its OPDs
(``sample_workbooks/register_contoh.py``), and one filled 2019 PK form per OPD written
as the Malang samples are (``sample_workbooks/build_pk.py``: a programme per programme
of the agreement with its budget). Every run works on a fresh copy in its own process
(``python -m lelang_xlsx pk run DIR --year 2019`` with the command's defaults: one worker
per core, cache on). Reported: wall time, CPU time of the whole process tree, peak RSS
of the tree (sampled every 20 ms from /proc), the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "sample_workbooks"))

from benchmarks import generate  # noqa: E402
from benchmarks.run import measure  # noqa: E402

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


def _fresh(data: Path) -> Path:
    dest = HERE / "out" / "work" / "pk-lelang"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns(".complete"))
    return dest


def run_pk(root: Path) -> dict:
    load0 = os.getloadavg()[0]
    # exec: the shell becomes the run (its output to /dev/null: 1,000 summary rows are not measured on a terminal)
    cmd = f"exec {shlex.quote(sys.executable)} -m lelang_xlsx pk run {shlex.quote(str(root))} --year {YEAR} >/dev/null"
    m = measure(["sh", "-c", cmd])
    m["load"] = (load0, os.getloadavg()[0])
    return m


def bench(n_opd: int, repeat: int) -> dict:
    data = ensure_round(n_opd)
    n = len(list((data / "pk" / str(YEAR) / "masuk").glob("*.xlsx")))
    out: dict = {"opd": n_opd, "files": n, "cold": [], "rerun": []}
    for i in range(repeat):
        root = _fresh(data)
        out["cold"].append(run_pk(root))
        out["rerun"].append(run_pk(root))
        print(f"  {n} OPDs, run {i + 1}: cold {out['cold'][-1]['wall']:.2f} s, "
              f"re-run {out['rerun'][-1]['wall']:.2f} s", flush=True)
    return out


def _line(label: str, runs: list[dict], n: int) -> str:
    med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
    loads = ", ".join(f"{r['load'][0]:.1f}→{r['load'][1]:.1f}" for r in runs)
    return f"{label:<18}{n:>6}{med('wall'):>9.2f}{med('cpu'):>9.2f}{med('tree_rss_mb'):>10.0f}   {loads}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; medians are reported")
    ap.add_argument("--json", type=Path, help="also write every measurement to this file")
    a = ap.parse_args(argv)
    results = [bench(n, a.repeat) for n in a.opd]
    print(f"\nlelang pk run, {INDICATORS} indicators per OPD; medians of {a.repeat} run(s); {os.cpu_count()} cores")
    print(f"{'run':<18}{'OPDs':>6}{'wall s':>9}{'CPU s':>9}{'tree MB':>10}   load average start→end")
    for r in results:
        print(_line("cold", r["cold"], r["files"]))
        print(_line("re-run unchanged", r["rerun"], r["files"]))
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
