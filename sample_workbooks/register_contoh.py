"""A stand-in agreement register (``hasil/kesepakatan.json``, docs/kesepakatan.md) for
an auction whose panel sessions are not closed: the evaluation benchmark's generated
auction (``benchmarks/eval_bench.py``). The sample and the tests use the register that
``lelang run`` writes.

It checks the auction's submissions with the library, and records every valid one as an
issued pact: per OPD, the first indicator answered ``Sanggup``, the second ``Tidak
Sanggup``, the others without an offer (``Tetap`` indicators never get one); the agreed
yearly path is the OPD's proposal. A placeholder pact file is written for each entry so
the register matches the pacts on disk.

    python sample_workbooks/register_contoh.py <auction>
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from lelang_xlsx.auction import Auction
from lelang_xlsx.checking.checker import check_auction
from lelang_xlsx.agreement.register import SCHEMA, seal
from lelang_xlsx.documents.pact_context import pact_filename

ISSUED = "2018-12-08T10:00:00"


def _status(i: int, polaritas: str) -> str:
    if polaritas == "Tetap":
        return "tanpa tawaran"
    return {0: "Sanggup", 1: "Tidak Sanggup"}.get(i, "tanpa tawaran")


def build_register(root: Path, only: list[str] | None = None) -> dict:
    auction = Auction.at(root)
    result = check_auction(auction)
    panel = result.panel
    entries = {}
    for kode in panel.opds:
        subs = [s for s in result.valid_submissions if s.identity.kode_opd == kode]
        if not subs or (only is not None and kode not in only):
            continue
        sub = subs[0]
        nama = panel.opds[kode]
        pakta_rel = f"hasil/pakta/{pact_filename(kode, nama)}"
        pakta = root / pakta_rel
        pakta.parent.mkdir(parents=True, exist_ok=True)
        pakta.write_bytes(f"pakta {kode} (contoh)".encode())
        inds = []
        for i, ind in enumerate(sub.indicators):
            status = _status(i, ind.polaritas)
            usulan = {str(y): v for y, v in ind.targets.items()}
            offer = None if status == "tanpa tawaran" else {"nilai": ind.target_akhir, "tahun": panel.tahun_akhir}
            inds.append({
                "kode": ind.kode, "misi": ind.misi, "sasaran": ind.sasaran, "program": ind.program,
                "indikator": ind.indikator, "cara": ind.cara, "satuan": ind.satuan, "polaritas": ind.polaritas,
                "tahun_dasar": ind.tahun_dasar, "nilai_dasar": ind.nilai_dasar, "sumber": ind.sumber,
                "usulan": usulan, "tawaran": offer, "keputusan": None if offer is None else status,
                "status": status, "disepakati": offer, "target": dict(usulan), "catatan": "",
            })
        ident = sub.identity
        entry = {
            "kode_opd": kode, "nama_opd": nama, "diterbitkan": ISSUED,
            "penanda_tangan": {"nama": ident.nama_kepala, "nip": ident.nip_kepala, "pangkat": ident.pangkat,
                               "jabatan": ident.jabatan},
            "formulir": {"berkas": f"masuk/{sub.path}", "sha256": sub.sha256},
            "penawaran_sha256": hashlib.sha256(kode.encode()).hexdigest(),
            "pakta": {"berkas": pakta_rel, "sha256": hashlib.sha256(pakta.read_bytes()).hexdigest(),
                      "pdf": None, "pdf_sha256": None},
            "indikator": inds,
        }
        entries[kode] = seal(entry)
    return {"schema": SCHEMA, "version": 1, "tool_version": "contoh", "pemda": panel.nama_pemda,
            "periode": {"awal": panel.tahun_awal, "akhir": panel.tahun_akhir}, "opd": entries}


def write_register(root: Path, only: list[str] | None = None) -> Path:
    data = build_register(Path(root), only)
    out = Path(root) / "hasil" / "kesepakatan.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    print(write_register(Path(sys.argv[1])))
