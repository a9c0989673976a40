"""Progress for ``lelang run``: a rich bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from .output.safetext import literal

STAGES = {"periksa": "Memeriksa formulir", "anotasi": "Menulis salinan beranotasi", "penawaran": "Penawaran",
          "rekap": "Rekap", "pakta": "Pakta integritas", "rapor": "Rapor kinerja"}
SINGLE = {"penawaran", "rekap"}  # one step each: no count after the label


def done_line(stage: str, total: int) -> str:
    """'[selesai] Memeriksa formulir (6)': the count is of the things the stage handled."""
    label = STAGES.get(stage, stage)
    return f"[selesai] {label}" if stage in SINGLE else f"[selesai] {label} ({total})"


@contextlib.contextmanager
def make_progress(stream=None) -> Iterator:
    stream = stream or sys.stderr
    if not stream.isatty():
        last: dict[str, int] = {}

        def plain(stage: str, done: int, total: int) -> None:
            if done == total and last.get(stage) != total:
                print(literal(done_line(stage, total)), file=stream)
            last[stage] = done

        yield plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=False) as bar:
        tasks: dict[str, int] = {}

        def fancy(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(literal(STAGES.get(stage, stage)), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield fancy
