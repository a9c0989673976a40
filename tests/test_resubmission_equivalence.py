"""Issue 24: a re-run after one OPD resubmits (cache on) leaves outputs identical in
content to a cold run (``--no-cache``, empty ``hasil/``) on the same final inputs, and
nothing the fast paths skip goes unnoticed: a form replaced by another of the same size
and modification time, a cache folder deleted or damaged halfway."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main

from .agreement_support import set_session
from .support import CACHE_DAMAGE, damage_cache, overwrite_keeping_stat, stored_copy

SHEET_XML = "xl/worksheets/sheet3.xml"  # Indikator

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
# Keys that record when something happened (or which run did it), not what it holds.
VOLATILE = {"dibuat", "waktu", "diterbitkan", "tanggal_terbit", "generated", "generated_at", "created", "timestamp",
            "run_at", "started", "finished", "mtime", "durasi", "duration",
            "entry_sha256",  # a register entry's digest of itself, timestamps included (the rest is compared)
            "kesepakatan_xlsx_sha256"}  # digest of kesepakatan.xlsx, whose Diterbitkan column holds the minute


def _json_content(obj):
    if isinstance(obj, dict):
        return {k: _json_content(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_json_content(v) for v in obj]
    return obj


# Columns that say when a pact was issued (to the minute), e.g. kesepakatan.xlsx 'Diterbitkan'.
VOLATILE_COLUMNS = {"Diterbitkan", "Waktu", "Dibuat"}


def _without_time_columns(rows: list[tuple]) -> list[tuple]:
    if not rows:
        return rows
    drop = {i for i, h in enumerate(rows[0]) if h in VOLATILE_COLUMNS}
    return [tuple(v for i, v in enumerate(r) if i not in drop) for r in rows]


def _xlsx_content(path: Path) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: _without_time_columns([tuple(r) for r in ws.iter_rows(values_only=True)])
                for ws in wb.worksheets}
    finally:
        wb.close()


def _docx_content(path: Path) -> list[str]:
    import docx

    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for t in d.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return lines


def round_content(base: Path, skip: tuple[str, ...] = ()) -> dict[str, object]:
    """What a user reads of a yearly round's outputs under ``base`` (without the cache and the
    top folders in ``skip``): cell values, document text, JSON without timestamps, bytes otherwise."""
    out: dict[str, object] = {}
    for p in sorted(base.rglob("*")):
        rel = p.relative_to(base)
        if not p.is_file() or ".cache" in rel.parts or rel.parts[0] in skip:
            continue
        if p.name == "manifest.json":  # its inputs' digests and times are compared by the other tests
            out[rel.as_posix()] = sorted(o["path"] for o in json.loads(p.read_text(encoding="utf-8")).get("outputs", []))
        elif p.suffix == ".xlsx":
            out[rel.as_posix()] = _xlsx_content(p)
        elif p.suffix == ".docx":
            out[rel.as_posix()] = _docx_content(p)
        elif p.suffix == ".json":
            out[rel.as_posix()] = _json_content(json.loads(p.read_text(encoding="utf-8")))
        else:
            out[rel.as_posix()] = p.read_bytes()
    return out


def content(root: Path) -> dict[str, object]:
    """What a user reads of every output (hasil/ without the cache, and penawaran.xlsx):
    cell values of workbooks, text of documents, JSON without timestamps, bytes otherwise."""
    files = [p for p in sorted((root / "hasil").rglob("*")) if p.is_file() and ".cache" not in p.parts]
    out: dict[str, object] = {}
    for p in files + [root / "penawaran.xlsx"]:
        rel = re.sub(r"-\d{8}-\d{6}", "-<waktu>", p.relative_to(root).as_posix())  # archived copies
        if p.name == "manifest.json":  # digests of the register/penawaran differ with their timestamps
            doc = json.loads(p.read_text(encoding="utf-8"))
            out[rel] = sorted(o["path"] for o in doc.get("outputs", []))
        elif p.suffix == ".xlsx":
            out[rel] = _xlsx_content(p)
        elif p.suffix == ".docx":
            out[rel] = _docx_content(p)
        elif p.suffix == ".json":
            out[rel] = _json_content(json.loads(p.read_text(encoding="utf-8")))
        else:
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _first_difference(x, y, where: str = "") -> str:
    """The path to the first place where two JSON-like values differ, with both values."""
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y), key=str):
            if x.get(k) != y.get(k):
                return _first_difference(x.get(k), y.get(k), f"{where}/{k}")
    elif isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)) and len(x) == len(y):
        for i, (u, v) in enumerate(zip(x, y)):
            if u != v:
                return _first_difference(u, v, f"{where}[{i}]")
    return f"{where or '/'}: {str(x)[:200]!r} vs {str(y)[:200]!r}"


def what_differs(a: dict, b: dict) -> list[str]:
    diffs = [f"only in the re-run: {k}" for k in sorted(set(a) - set(b))]
    diffs += [f"only in the cold run: {k}" for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        if a[k] != b[k]:
            diffs.append(f"{k}: {_first_difference(a[k], b[k])}")
    return diffs


def _run(root: Path, *extra: str) -> None:
    res = CliRunner().invoke(main, ["run", str(root), *extra])
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output


def _resubmit(path: Path, cell: str, value) -> None:
    """The OPD sends its form again with one target changed (saved by openpyxl, as Excel would)."""
    wb = load_workbook(path)
    wb["Indikator"][cell] = value
    wb.save(path)


@pytest.fixture()
def after_first_run(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    set_session(root / "penawaran.xlsx", "DISHUB", None)  # still negotiating: its pact is not issued yet
    _run(root)
    return root


def _cold_twin(root: Path, dest: Path) -> Path:
    """The same inputs as ``root`` now holds, with an empty hasil/."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("hasil"))
    return dest


def test_resubmission_rerun_equals_a_cold_run(after_first_run, tmp_path):
    root = after_first_run
    _resubmit(root / "masuk" / "DISHUB.xlsx", "Q2", 26)  # Target 2023 of DISHUB-01: 25 -> 26
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    _run(twin, "--no-cache")
    rerun, cold = content(root), content(twin)
    assert not what_differs(rerun, cold), what_differs(rerun, cold)
    # the change reached the outputs (the comparison is not between two stale results)
    rows = rerun["hasil/rekap.xlsx"]["Indikator"]
    head = rows[0]
    dishub = [r for r in rows if "DISHUB-01" in r]
    assert dishub and 26 in dishub[0], head


def test_form_replaced_with_same_size_and_mtime_is_found(tmp_path, monkeypatch):
    """A resubmitted form with the size and modification time of the one it replaces (the
    stat-level test passes): the content hash finds it, the re-run shows the new value,
    as a cold run on the same inputs does."""
    from lelang_xlsx.reading import files

    monkeypatch.setattr(files, "RACY_NS", 0)  # the in-process digest memo is on for every file
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    set_session(root / "penawaran.xlsx", "DISHUB", None)
    form = root / "masuk" / "DISHUB.xlsx"
    original = tmp_path / "DISHUB-asli.xlsx"
    shutil.copyfile(form, original)
    stored_copy(original, form, SHEET_XML)
    _run(root)
    # The same form, Target 2023 of DISHUB-02 450 -> 449: same length, same size, same mtime.
    stored_copy(original, tmp_path / "DISHUB-baru.xlsx", SHEET_XML, b"<v>450</v>", b"<v>449</v>")
    overwrite_keeping_stat(form, (tmp_path / "DISHUB-baru.xlsx").read_bytes())
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    rows = content(root)["hasil/rekap.xlsx"]["Indikator"]
    dishub2 = [r for r in rows if "DISHUB-02" in r]
    assert dishub2 and 449 in dishub2[0] and 450 not in dishub2[0], dishub2
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))


@pytest.mark.parametrize("damage", CACHE_DAMAGE)
def test_cache_deleted_or_damaged_halfway_gives_a_cold_run_with_the_same_outputs(after_first_run, tmp_path, damage):
    root = after_first_run
    _resubmit(root / "masuk" / "DISHUB.xlsx", "Q2", 26)
    twin = _cold_twin(root, tmp_path / "cold")
    cache = root / "hasil" / ".cache"
    damage_cache(cache, damage)
    _run(root)
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))


def _findings(output: str, code: str) -> list[str]:
    return sorted(line.strip() for line in output.splitlines() if code in line)


def test_issued_pact_changed_after_cached_runs_is_locked_as_without_the_cache(tmp_path):
    """The comparisons an earlier run found equal are remembered (lifecycle.SameMemo):
    after two cached runs, a changed form of an OPD whose pact is issued (session closed)
    and a changed offer row of another are still locked (LK509) at the same cells as when
    the cache is gone, and nothing of their pacts or register entries changes."""
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    _run(root)
    _run(root)  # the second run reuses every comparison of the first
    register = (root / "hasil" / "kesepakatan.json").read_bytes()
    pacts = {p.name: p.read_bytes() for p in (root / "hasil" / "pakta").iterdir()}
    _resubmit(root / "masuk" / "DINKES.xlsx", "F2", "Angka Kematian Ibu (revisi)")
    from .agreement_support import entries, set_offer

    kode = entries(root)["DISDIK"]["indikator"][0]["kode"]
    set_offer(root / "penawaran.xlsx", "DISDIK", kode, Catatan="Catatan diubah setelah pakta terbit")
    twin = tmp_path / "tanpa-cache"
    shutil.copytree(root, twin)
    shutil.rmtree(twin / "hasil" / ".cache")
    cached = CliRunner().invoke(main, ["run", str(root)])
    fresh = CliRunner().invoke(main, ["run", str(twin)])
    locked = _findings(cached.output, "LK509")
    assert cached.exit_code == fresh.exit_code == 1, cached.output
    assert any("DINKES.xlsx:Indikator!F2: LK509" in line for line in locked), locked
    assert any("penawaran.xlsx" in line and "DISDIK" in line for line in locked), locked
    assert locked == _findings(fresh.output, "LK509")
    assert (root / "hasil" / "kesepakatan.json").read_bytes() == register
    assert {p.name: p.read_bytes() for p in (root / "hasil" / "pakta").iterdir()} == pacts


def test_register_edited_with_same_size_and_mtime_is_found(tmp_path):
    """The register's seals are not computed again for the file the last run wrote while
    its stat holds (agreement/seals.py); a hand edit that keeps the size and the
    modification time moves the change time: the seals are checked and the edit is
    reported (LK511), the entry restored."""
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    _run(root)
    _run(root)  # the seals are known from here
    path = root / "hasil" / "kesepakatan.json"
    raw = path.read_bytes()
    old = b'"target": {"2019": '
    at = raw.index(old) + len(old)
    digit = raw[at:at + 1]
    assert digit.isdigit()
    edited = raw[:at] + (b"1" if digit != b"1" else b"2") + raw[at + 1:]  # a target typed by hand
    overwrite_keeping_stat(path, edited)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "hasil/kesepakatan.json: LK511" in res.output, res.output
    assert path.read_bytes() != edited


def test_panel_edit_in_an_untouched_opds_rows_is_not_lost_by_the_block_copy(tmp_path, monkeypatch):
    """penawaran.xlsx is written again from each OPD's cached block of rows when one OPD
    resubmits; a panel edit in another OPD's rows made since the last run (keeping the
    file's size and modification time) is in the new file and in the outputs, as in a cold
    run on the same inputs."""
    from lelang_xlsx.reading import files

    from .agreement_support import set_offer

    monkeypatch.setattr(files, "RACY_NS", 0)  # the in-process digest memo is on for every file
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    penawaran = root / "penawaran.xlsx"
    for kode in ("DISHUB", "DPUPR"):
        set_session(penawaran, kode, None)  # both still negotiating
    wb = load_workbook(penawaran, read_only=True)
    dpupr = next(r[2] for r in wb["Penawaran"].iter_rows(min_row=2, values_only=True) if r[0] == "DPUPR")
    wb.close()
    set_offer(penawaran, "DPUPR", dpupr, Catatan="Catatan sesi AAAA")
    _run(root)  # penawaran.xlsx written by the tool, its blocks kept
    stored = tmp_path / "stored.xlsx"
    stored_copy(penawaran, stored, "xl/worksheets/sheet1.xml")  # uncompressed: an edit can keep the size
    shutil.copyfile(stored, penawaran)
    _run(root)  # nothing to write: the file as read is kept in the cache
    _resubmit(root / "masuk" / "DISHUB.xlsx", "Q2", 26)
    stored_copy(penawaran, stored, "xl/worksheets/sheet1.xml", b"Catatan sesi AAAA", b"Catatan sesi BBBB")
    overwrite_keeping_stat(penawaran, stored.read_bytes())
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    rows = content(root)["penawaran.xlsx"]["Penawaran"]
    notes = [r for r in rows if r[0] == "DPUPR" and r[2] == dpupr]
    assert notes and "Catatan sesi BBBB" in notes[0] and "Catatan sesi AAAA" not in str(rows), notes
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))
