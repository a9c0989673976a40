"""The recap stage alone: CPU and peak-RSS growth of ``pipeline.write_recap_stage``.

    python benchmarks/recap_stage.py benchmarks/out/data/v2-opd40-ind60-fig600-seed0

Checks and resolves a copy of the auction once (in a temporary folder), pickles the
result, then times the stage in a fresh process: cold (imports included, empty cache),
with every OPD's blocks cached (the file rewritten), after one OPD changed, and again.
The peak is read from ``/proc/self/status`` (VmHWM, reset before each run).
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _memory() -> tuple[int, int]:
    """(peak, current) RSS in MB."""
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                values[line.split(":")[0]] = int(line.split()[1]) // 1024
    return values["VmHWM"], values["VmRSS"]


def prepare(data: Path, work: Path) -> Path:
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.cache import Cache
    from lelang_xlsx.pipeline import check_and_report, offers_stage

    root = work / "auction"
    shutil.copytree(data, root, ignore=shutil.ignore_patterns("hasil"))
    auction = Auction.at(root)
    cache = Cache(auction.hasil, enabled=False)
    result = check_and_report(auction, jobs=2, cache=cache, laporan=False).result
    _, resolutions, _ = offers_stage(auction, result, cache=cache)
    state = work / "state.pickle"
    state.write_bytes(pickle.dumps((auction, result, resolutions), protocol=5))
    return state


def measure(state: Path) -> None:
    auction, result, resolutions = pickle.loads(state.read_bytes())
    shutil.rmtree(auction.hasil / ".cache", ignore_errors=True)

    def run(label: str) -> None:
        from lelang_xlsx.cache import Cache
        from lelang_xlsx.pipeline import write_recap_stage

        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM
        _, before = _memory()
        auction.rekap.unlink(missing_ok=True)
        cache = Cache(auction.hasil)
        t = time.process_time()
        write_recap_stage(auction, result, resolutions, cache)
        cpu = time.process_time() - t
        cache.save()
        peak, _ = _memory()
        print(f"{label:32s} cpu {cpu:6.3f} s   peak RSS +{peak - before} MB (process {peak} MB)", flush=True)

    run("cold (imports, empty cache)")
    run("every OPD cached, file rewritten")
    sub = result.valid_submissions[len(result.valid_submissions) // 2]
    sub.sha256 = "0" * 64  # as if it had been resubmitted
    result.inputs_key = None
    run("one OPD changed")
    run("again, nothing changed in it")


def main() -> None:
    if sys.argv[1] == "--measure":
        return measure(Path(sys.argv[2]))
    with tempfile.TemporaryDirectory(prefix="recap-stage-") as tmp:
        state = prepare(Path(sys.argv[1]), Path(tmp))
        subprocess.run([sys.executable, __file__, "--measure", str(state)], check=True)


if __name__ == "__main__":
    main()
