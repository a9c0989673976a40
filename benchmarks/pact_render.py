"""CPU per pact: render then embed (``pact_embed.embed``) against the one pass
(``PactRenderer.render_bytes(..., embed=)``), on the pacts of the generated 40-OPD auction.

    python benchmarks/pact_render.py            # 40 OPDs, 3 rounds, interleaved
    python benchmarks/pact_render.py --opd 200

Runs ``lelang run`` once (serial) on a copy of the generated auction to collect each pact's
context builder and register payload, then times both ways in this process, one after the
other, and checks that they give the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def collect(opd: int) -> tuple[Path, list]:
    from benchmarks.generate import ensure_auction
    from lelang_xlsx import pipeline
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    seen: list = []
    real = pipeline._render_all

    def grab(template, todo, *a, **k):
        seen.append((template, list(todo)))
        return real(template, todo, *a, **k)

    pipeline._render_all = grab
    src = ensure_auction(opd)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lelang"
        shutil.copytree(src, root, ignore=shutil.ignore_patterns("hasil"))
        run_batch(Auction.at(root), jobs=1)
    pipeline._render_all = real
    template, todo = seen[0]
    return template, [_as_given(item) for item in todo]


def _as_given(item: tuple) -> tuple:
    """A pact the run's worker issues (agreement/pact_job.py) as ``((build, args), path,
    payload)``, the way a pact whose file exists is given to the renderer."""
    from lelang_xlsx.agreement import pact_job
    from lelang_xlsx.documents.pact_context import build_context

    _, path, job = item
    if not isinstance(job, pact_job.Issuing):
        return item
    payload = pact_job.embedded_payload(pact_job.version_core(job.panel, job.sub, job.recs, job.issue, job.version))
    info = pact_job.pact_version(job.version)
    return (pact_job.build, (build_context, job.panel, job.sub, job.recs, info)), path, payload


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opd", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    from lelang_xlsx.documents.pact_embed import embed
    from lelang_xlsx.pipeline import _renderer

    template, todo = collect(a.opd)
    renderer = _renderer(template)
    items = [(build(*args), payload) for (build, args), _, payload in todo]
    same = all(embed(renderer.render_bytes(c), p) == renderer.render_bytes(c, embed=p) for c, p in items)
    print(f"{len(items)} pacts; one pass gives the bytes of render-then-embed: {same}")
    for r in range(a.rounds):
        t = time.process_time()
        for c, p in items:
            embed(renderer.render_bytes(c), p)
        two = (time.process_time() - t) / len(items) * 1000
        t = time.process_time()
        for c, p in items:
            renderer.render_bytes(c, embed=p)
        one = (time.process_time() - t) / len(items) * 1000
        print(f"round {r + 1}: render then embed {two:.1f} ms CPU per pact, one pass {one:.1f} ms")


if __name__ == "__main__":
    main()
