"""``hasil/manifest.json``: every input and output with SHA-256, size and status.

It holds no timestamp, so two runs on unchanged inputs write the same manifest; what
changed between runs is visible by diffing it.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from .atomic import write_text
from ..reading.files import sha256_file


def entry(path: Path, root: Path, **extra) -> dict:
    return {"path": path.relative_to(root).as_posix(), "sha256": sha256_file(path), "size": path.stat().st_size, **extra}


def write_manifest(path: Path, root: Path, inputs: list[dict], outputs: list[Path], summary: dict) -> dict:
    data = {
        "tool": "lelang-xlsx",
        "version": __version__,
        "inputs": sorted(inputs, key=lambda d: d["path"]),
        "outputs": sorted((entry(p, root) for p in outputs if p.is_file()), key=lambda d: d["path"]),
        "summary": summary,
    }
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    return data
