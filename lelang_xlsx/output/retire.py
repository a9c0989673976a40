"""Clearing an output folder without losing anyone's file.

The tool removes only what it wrote itself: a file whose name and SHA-256 are recorded in
the round's ``hasil/manifest.json`` or in the output cache (``hasil/.cache/``). Anything
else found where outputs go (a cover letter in ``per-opd/DINKES/``, a speech in
``paparan/``, an output someone edited) is moved to ``hasil/arsip/<folder>/`` and named
in the run's summary, never deleted.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C

Own = set[tuple[str, str]]  # (file name, sha256) of everything the tool wrote


@dataclass
class Retired:
    removed: list[Path] = field(default_factory=list)  # the tool's own outputs, no longer current
    archived: list[tuple[Path, Path]] = field(default_factory=list)  # (where it was, where it is now)

    def extend(self, other: "Retired") -> "Retired":
        self.removed += other.removed
        self.archived += other.archived
        return self


def hasil_of(folder: Path) -> Path | None:
    """The ``hasil/`` folder an output folder is in (the auction's or a round's)."""
    for p in (folder, *folder.parents):
        if p.name == C.HASIL_DIR:
            return p
    return None


def own_outputs(hasil: Path) -> Own:
    """(name, sha256) of every output the tool recorded in ``hasil``: the manifest's
    outputs and the output cache's records. Unreadable records count as none."""
    own: Own = set()
    try:
        data = json.loads((hasil / C.MANIFEST_FILE).read_text(encoding="utf-8"))
        for item in data.get("outputs", []):
            own.add((Path(str(item["path"])).name, str(item["sha256"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    try:
        with open(hasil / ".cache" / "outputs.pickle", "rb") as fh:
            items = pickle.load(fh).get("items", {})
        for path, rec in items.items():
            own.add((Path(path).name, str(rec.get("sha256"))))
    except Exception:  # no cache, another version's, damaged: the manifest alone decides
        pass
    return own


def retire(folder: Path, keep: set[Path], own: Own | None = None, pattern: str = "*") -> Retired:
    """Clear ``folder`` of files (matching ``pattern``) not in ``keep``: the tool's own are
    removed, any other file is moved to ``hasil/arsip/<folder>/``. Subfolders are left."""
    from ..reading.files import sha256_file

    out = Retired()
    if not folder.is_dir():
        return out
    stale = [p for p in sorted(folder.glob(pattern)) if p not in keep and p.is_file() and not p.is_symlink()
             and not p.name.startswith(".tmp-")]
    if not stale:
        return out
    hasil = hasil_of(folder)
    own = own_outputs(hasil) if own is None and hasil is not None else (own or set())
    for p in stale:
        if (p.name, sha256_file(p)) in own:
            p.unlink()
            out.removed.append(p)
        elif hasil is not None:
            out.archived.append((p, archive_foreign(hasil, p)))
    return out


def archive_foreign(hasil: Path, path: Path) -> Path:
    """Move a file the tool did not write to ``hasil/arsip/<its folder under hasil>/``,
    under its own name (``-2``, ``-3``… when taken: nothing in the archive is overwritten)."""
    from ..agreement.archive import free_path

    try:
        rel = path.parent.relative_to(hasil)
    except ValueError:
        rel = Path(path.parent.name)
    dest_dir = hasil / C.ARSIP_DIR / rel
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = free_path(dest_dir, path.stem, path.suffix)
    try:
        os.replace(path, dest)
    except OSError:
        shutil.copy2(path, dest)
        path.unlink()
    return dest


def described(retired: Retired, root: Path) -> list[dict]:
    """The archived files for a manifest's summary: where each was and where it is."""
    def rel(p: Path) -> str:
        return p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p)

    return [{"dari": rel(a), "ke": rel(b)} for a, b in retired.archived]
