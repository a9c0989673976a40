"""The agreement register (``hasil/kesepakatan.json``, docs/kesepakatan.md) as the
evaluation round reads it: validated, with every problem a clear Indonesian message.

A register that is missing, unreadable, edited by hand (``entry_sha256``), or that does
not match the pacts on disk (``pakta.sha256``) stops the round (``RegisterError``, exit 2).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import LelangError
from ..files import sha256_file

SCHEMA = "lelang-xlsx/kesepakatan"
MAX_BYTES = 64 * 1024 * 1024


class RegisterError(LelangError):
    pass


@dataclass
class AgreedIndicator:
    kode: str
    misi: str
    indikator: str
    satuan: str
    polaritas: str
    nilai_dasar: float | None
    status: str  # Sanggup | Tidak Sanggup | tanpa tawaran
    target: dict[int, float | None]


@dataclass
class Signer:
    nama: str = ""
    nip: str = ""
    pangkat: str = ""
    jabatan: str = ""


@dataclass
class Agreement:
    """One issued pact."""

    kode_opd: str
    nama_opd: str
    signer: Signer
    indicators: list[AgreedIndicator]
    pakta: str = ""
    entry_sha256: str = ""


@dataclass
class Register:
    path: str
    pemda: str
    awal: int
    akhir: int
    opd: dict[str, Agreement]
    sha256: str = ""

    @property
    def years(self) -> range:
        return range(self.awal, self.akhir + 1)


def entry_digest(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "entry_sha256"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"bukan angka: {v!r}"[:80])
    return float(v)


def _text(v) -> str:
    return "" if v is None else str(v)


def load_register(path: Path, root: Path) -> Register:
    """Read and validate the register; ``root`` is the auction folder (pact paths)."""
    shown = f"hasil/{path.name}"
    if not path.is_file():
        raise RegisterError(
            f"Daftar kesepakatan {shown} tidak ditemukan: belum ada pakta yang terbit. Jalankan 'lelang run "
            f"{root}' sampai pakta terbit (Sesi Selesai = Ya di penawaran.xlsx), lalu ulangi evaluasi.")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("berkas terlalu besar")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RegisterError(f"Daftar kesepakatan {shown} tidak dapat dibaca ({str(exc)[:80]}). "
                            f"Jalankan ulang 'lelang run {root}' untuk menulisnya kembali.") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RegisterError(f"{shown} bukan daftar kesepakatan lelang-xlsx (schema '{SCHEMA}' tidak ditemukan).")
    if data.get("version") != 1:
        raise RegisterError(f"{shown} memakai versi skema {data.get('version')!r}; versi yang dikenal: 1. "
                            "Perbarui lelang-xlsx.")
    try:
        periode = data["periode"]
        awal, akhir = int(periode["awal"]), int(periode["akhir"])
        entries = data["opd"]
        if not isinstance(entries, dict):
            raise TypeError
    except (KeyError, TypeError, ValueError):
        raise RegisterError(f"{shown} tidak lengkap: periode atau daftar OPD tidak ada.") from None
    opd: dict[str, Agreement] = {}
    for kode, entry in entries.items():
        opd[kode] = _agreement(kode, entry, shown, root)
    return Register(str(path), _text(data.get("pemda")), awal, akhir, opd, sha256_file(path))


def _agreement(kode: str, entry, shown: str, root: Path) -> Agreement:
    where = f"{shown}, OPD {kode}"
    if not isinstance(entry, dict):
        raise RegisterError(f"{where}: isian bukan objek.")
    if entry.get("entry_sha256") != entry_digest(entry):
        raise RegisterError(
            f"{where}: isian diubah setelah pakta terbit (entry_sha256 tidak cocok). Daftar kesepakatan tidak "
            f"boleh disunting manual; jalankan ulang 'lelang run {root}' atau kembalikan berkasnya.")
    try:
        signer = entry.get("penanda_tangan") or {}
        inds = []
        for item in entry["indikator"]:
            inds.append(AgreedIndicator(
                kode=_text(item["kode"]), misi=_text(item.get("misi")), indikator=_text(item.get("indikator")),
                satuan=_text(item.get("satuan")), polaritas=_text(item.get("polaritas")),
                nilai_dasar=_num(item.get("nilai_dasar")), status=_text(item.get("status")),
                target={int(y): _num(v) for y, v in (item.get("target") or {}).items()}))
        pakta = entry.get("pakta") or {}
        agreement = Agreement(
            kode_opd=_text(entry.get("kode_opd") or kode), nama_opd=_text(entry.get("nama_opd")),
            signer=Signer(_text(signer.get("nama")), _text(signer.get("nip")), _text(signer.get("pangkat")),
                          _text(signer.get("jabatan"))),
            indicators=inds, pakta=_text(pakta.get("berkas")), entry_sha256=_text(entry.get("entry_sha256")))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RegisterError(f"{where}: isian tidak lengkap atau salah bentuk ({exc.__class__.__name__}).") from None
    _match_pact(agreement, pakta, where, root)
    return agreement


def _match_pact(agreement: Agreement, pakta: dict, where: str, root: Path) -> None:
    """The pact the entry names must be on disk with the recorded SHA-256."""
    rel = agreement.pakta
    if not rel:
        raise RegisterError(f"{where}: tidak mencatat berkas pakta.")
    p = (root / rel).resolve()
    if not p.is_relative_to(root.resolve()) or not p.is_file():
        raise RegisterError(f"{where}: pakta {rel} tidak ditemukan. Daftar kesepakatan tidak cocok dengan pakta; "
                            f"jalankan ulang 'lelang run {root}'.")
    if sha256_file(p) != pakta.get("sha256"):
        raise RegisterError(f"{where}: pakta {rel} berbeda dari yang tercatat (SHA-256 tidak cocok). Daftar "
                            f"kesepakatan tidak cocok dengan pakta; jalankan ulang 'lelang run {root}'.")
