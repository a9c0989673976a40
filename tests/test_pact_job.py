"""Issue 24, cold path: a pact issued where no file is in its place yet is built whole by
the run's worker (agreement/pact_job.py: its register version entry with the content-lock
fingerprints, what it carries, its context, its cache key). A pact issued where a file is
in the way is built in the main process. Both ways give the same pact, byte for byte, and
the same register version."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from lelang_xlsx.agreement import content
from lelang_xlsx.agreement.pact_job import embedded_payload
from lelang_xlsx.cli import main
from lelang_xlsx.documents.pact_embed import read_embedded

from .agreement_support import entries

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
WHEN = {"diterbitkan", "entry_sha256"}  # when the version was issued, and the digest that includes it


def _run(root: Path) -> None:
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output


def test_a_pact_issued_by_the_worker_is_the_one_the_main_process_issues(tmp_path):
    cold, in_way = tmp_path / "cold" / "lelang", tmp_path / "in-way" / "lelang"
    for root in (cold, in_way):
        shutil.copytree(SAMPLES / "malang-2018", root, ignore=shutil.ignore_patterns("hasil"))
    _run(cold)
    pacts = sorted((cold / "hasil" / "pakta").glob("*.docx"))
    assert len(pacts) >= 8  # enough for the run's workers to render them
    (in_way / "hasil" / "pakta").mkdir(parents=True)
    for p in pacts:  # a file in every pact's place: each is compared, so built in the main process
        (in_way / "hasil" / "pakta" / p.name).write_bytes(b"bukan pakta")
    _run(in_way)

    by_worker, by_main = entries(cold), entries(in_way)
    assert sorted(by_worker) == sorted(by_main)
    for kode, entry in by_worker.items():
        assert {k: v for k, v in entry.items() if k not in WHEN} == \
               {k: v for k, v in by_main[kode].items() if k not in WHEN}
        assert entry["sidik"] == content.fingerprints(entry)  # the lock's fingerprints of what was issued
        docx = cold / entry["pakta"]["berkas"]
        assert docx.read_bytes() == (in_way / entry["pakta"]["berkas"]).read_bytes()
        assert read_embedded(docx.read_bytes()) == embedded_payload(entry)
    assert list((in_way / "hasil" / "arsip").rglob("*.docx"))  # the files in the way kept in the archive
