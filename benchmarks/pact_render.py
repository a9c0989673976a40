"""CPU per pact: render then embed (``pact_embed.embed``) against the one pass
(``PactRenderer.render_bytes(..., embed=)``), on the pacts of the generated 40-OPD auction.

    python benchmarks/pact_render.py            # 40 OPDs, 3 rounds, interleaved
    python benchmarks/pact_render.py --opd 200
    python benchmarks/pact_render.py --phases   # CPU per pact of each step of the one pass

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


def collect(opd: int, raw: bool = False) -> tuple[Path, list]:
    """The template and the pacts of the cold run (``raw``: as the workers get them)."""
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
    return template, todo if raw else [_as_given(item) for item in todo]


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
    ap.add_argument("--phases", action="store_true", help="CPU per pact of each step: the version entry, "
                    "the context, Jinja, parsing, fitting the looped columns, serialising, the whole one pass")
    a = ap.parse_args()
    if a.phases:
        return phases(a.opd, a.rounds)
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


def phases(opd: int, rounds: int) -> None:
    """CPU per pact (ms) of each step the run's worker takes for a pact issued cold."""
    from lxml import etree

    from lelang_xlsx.agreement import pact_job
    from lelang_xlsx.documents.columns import fit_columns
    from lelang_xlsx.documents.pacts import parse_xml
    from lelang_xlsx.pipeline import _renderer

    template, raw = collect(opd, raw=True)
    todo = [_as_given(item) for item in raw]
    renderer = _renderer(template)
    renderer.render_bytes(todo[0][0][0](*todo[0][0][1]), embed=todo[0][2])  # prepared once, as in a worker
    spent: dict[str, float] = {}

    def clock(step, work):
        t = time.process_time()
        out = work()
        spent[step] = spent.get(step, 0.0) + time.process_time() - t
        return out

    for _ in range(rounds):
        for (build, args), _, payload in todo:
            clock("context", lambda: build(*args))
            ctx = build(*args)
            for part, tpl in renderer._compiled.values():
                xml = clock("jinja", lambda: renderer._render_source(tpl, ctx))
                tree = clock("parse", lambda: parse_xml(xml.encode("utf-8")))
                clock("fit columns", lambda: fit_columns(tree))
                clock("serialise", lambda: etree.tostring(tree, encoding="UTF-8"))
            clock("one pass", lambda: renderer.render_bytes(ctx, embed=payload))
    jobs = [j for _, _, j in raw if isinstance(j, pact_job.Issuing)]
    for _ in range(rounds):
        for job in jobs:
            clock("version entry", lambda: pact_job.version_core(job.panel, job.sub, job.recs, job.issue, job.version))
    n = rounds * len(todo)
    print(f"{len(todo)} pacts, {rounds} rounds; CPU ms per pact: "
          + ", ".join(f"{k} {v / n * 1000:.1f}" for k, v in spent.items()))


if __name__ == "__main__":
    main()
