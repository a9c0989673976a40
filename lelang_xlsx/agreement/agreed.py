"""The agreement register (``hasil/kesepakatan.json``, docs/kesepakatan.md) as the
rounds read it (evaluation, yearly PK, monitoring): validated, with every problem a clear
Indonesian message. Every round asks :meth:`Register.in_force` for the agreement that
governs one OPD in one year (or takes :meth:`Register.for_year`, the register as it
stands for that year); none of them reads the register's versions itself.

A register that is missing, unreadable, edited by hand (``entry_sha256``, versions out of
order), or whose version in force does not match its pact on disk (``pakta.sha256``)
stops the round (``RegisterError``, exit 2). A version-1 file is read as it is (each
entry is version 1); only ``lelang run`` upgrades the file.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from .register import REASON_AUCTION, load, version_of
from ..errors import LelangError
from ..reading.files import sha256_file

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
    sasaran: str = ""  # as agreed (the yearly PK prints them)
    cara: str = ""
    program: str = ""
    toleransi: float | None = None  # a Tetap target's ± band, when the register carries it (version 3)


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
    versi: int = 1  # 1: the pact from the auction; N+1: Perubahan ke-N
    berlaku_mulai: int | None = None  # first year this version governs (None: the period's first year)
    alasan: str = REASON_AUCTION  # Lelang Kinerja, Mutasi pejabat, Perubahan anggaran, Perubahan prioritas, Koreksi
    tanggal: str = ""  # ISO date printed on the pact ('' : the panel's date setting of the time)
    ditandatangani: str = ""  # ISO date the signed pact came back ('' : not recorded yet)
    digantikan_mulai: int | None = None  # superseded from this year on by the next version (None: the latest)

    @property
    def perubahan(self) -> int:
        """N of *Perubahan ke-N* (0 for the pact from the auction)."""
        return self.versi - 1


@dataclass
class Register:
    """``opd``: each OPD's latest version (or, from :meth:`for_year`, the version in force
    that year); ``versions``: every version of every OPD, oldest first."""

    path: str
    pemda: str
    awal: int
    akhir: int
    opd: dict[str, Agreement]
    sha256: str = ""
    versions: dict[str, list[Agreement]] = field(default_factory=dict)
    year: int | None = None  # set by for_year
    _by_code: dict[str, Agreement] | None = field(default=None, init=False, repr=False, compare=False)
    _versions_by_code: dict[str, list[Agreement]] | None = field(default=None, init=False, repr=False,
                                                                  compare=False)
    # this register as pickled once (rounds/register_memo.py): sent to the workers as it is
    _pickled: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def keep_pickled(self, blob: bytes) -> None:
        """``blob`` is ``pickle.dumps(self)``: pickling the register again (the round's setup
        for its workers) copies it instead of walking 54,000 indicators. A loaded register is
        never changed, so the blob stays true."""
        self._pickled = blob

    def __reduce_ex__(self, protocol):
        if self._pickled is not None:
            return pickle.loads, (self._pickled,)
        return super().__reduce_ex__(protocol)

    @property
    def years(self) -> range:
        return range(self.awal, self.akhir + 1)

    def find(self, kode: str) -> Agreement | None:
        """The agreement of ``kode``, codes compared as the contract does (``C.norm``;
        the first entry wins); one lookup, not a scan of every OPD per workbook."""
        if self._by_code is None:
            index: dict[str, Agreement] = {}
            for k, a in self.opd.items():
                index.setdefault(C.norm(k), a)
            self._by_code = index
        return self._by_code.get(C.norm(kode))

    def history(self, kode: str) -> list[Agreement]:
        """Every version of ``kode``'s agreement, oldest first (codes compared as ``C.norm``)."""
        if self._versions_by_code is None:
            index: dict[str, list[Agreement]] = {}
            for k, vs in (self.versions or {k: [a] for k, a in self.opd.items()}).items():
                index.setdefault(C.norm(k), vs)
            self._versions_by_code = index
        return self._versions_by_code.get(C.norm(kode), [])

    def in_force(self, kode: str, year: int) -> Agreement | None:
        """The version of ``kode``'s agreement in force for ``year``: the latest version whose
        ``berlaku_mulai`` is at or before ``year``; None when the OPD has no agreement or the
        year is outside the period. Every round reads the agreement through this call."""
        if year not in self.years:
            return None
        found = None
        for a in self.history(kode):
            if (a.berlaku_mulai or self.awal) <= year:
                found = a
        return found

    def for_year(self, year: int) -> "Register":
        """The register as it stands for ``year``: ``opd`` holds each OPD's version in force
        that year (an OPD whose first version starts later is left out)."""
        opd = {}
        for kode in (self.versions or self.opd):
            a = self.in_force(kode, year)
            if a is not None:
                opd[kode] = a
        return Register(self.path, self.pemda, self.awal, self.akhir, opd, self.sha256, self.versions, year)


def _num(v) -> float | None:
    if type(v) is float:  # the common case first (54,000 indicators at 1,000 OPDs)
        return v
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"bukan angka: {v!r}"[:80])
    return float(v)


def _text(v) -> str:
    return v if type(v) is str else "" if v is None else str(v)


def load_register(path: Path, root: Path) -> Register:
    """Read and validate the register; ``root`` is the auction folder (pact paths).
    Reading and the hash check are the register's own (:func:`agreement.register.load`)."""
    shown = f"hasil/{path.name}"
    again = f"Jalankan ulang 'lelang run {root}' untuk menulisnya kembali."
    if not path.is_file():
        raise RegisterError(
            f"Daftar kesepakatan {shown} tidak ditemukan: belum ada pakta yang terbit. Jalankan 'lelang run "
            f"{root}' sampai pakta terbit (Sesi Selesai = Ya di penawaran.xlsx), lalu ulangi evaluasi.")
    found = load(path, keep=False)  # the register built here is what the round keeps
    if "*" in found.untrusted:
        raise RegisterError(f"{found.untrusted['*']}. {again}")
    if found.untrusted:
        kode, problem = next(iter(found.untrusted.items()))
        raise RegisterError(f"{problem}: daftar kesepakatan tidak boleh disunting manual (OPD {kode}). {again}")
    if found.awal is None or found.akhir is None:  # the file as parsed once by load()
        raise RegisterError(f"{shown} tidak lengkap: periode tidak ada. {again}")
    awal, akhir, data = found.awal, found.akhir, found.head or {}
    versions: dict[str, list[Agreement]] = {}
    for kode, record in found.records.items():
        chain = [_agreement(kode, entry, shown, root, awal, last=i == len(record["versi"]) - 1)
                 for i, entry in enumerate(record["versi"])]
        for older, newer in zip(chain, chain[1:]):
            older.digantikan_mulai = newer.berlaku_mulai
        versions[kode] = chain
    opd = {kode: chain[-1] for kode, chain in versions.items()}
    return Register(str(path), _text(data.get("pemda")), awal, akhir, opd, sha256_file(path), versions)


def _agreement(kode: str, entry, shown: str, root: Path, awal: int, last: bool = True) -> Agreement:
    where = f"{shown}, OPD {kode}"
    try:
        signer = entry.get("penanda_tangan") or {}
        inds = []
        for item in entry["indikator"]:
            inds.append(AgreedIndicator(
                kode=_text(item["kode"]), misi=_text(item.get("misi")), indikator=_text(item.get("indikator")),
                satuan=_text(item.get("satuan")), polaritas=_text(item.get("polaritas")),
                nilai_dasar=_num(item.get("nilai_dasar")), status=_text(item.get("status")),
                target={int(y): _num(v) for y, v in (item.get("target") or {}).items()},
                sasaran=_text(item.get("sasaran")), cara=_text(item.get("cara")), program=_text(item.get("program")),
                toleransi=_num(item.get("toleransi"))))
        pakta = entry.get("pakta") or {}
        agreement = Agreement(
            kode_opd=_text(entry.get("kode_opd") or kode), nama_opd=_text(entry.get("nama_opd")),
            signer=Signer(_text(signer.get("nama")), _text(signer.get("nip")), _text(signer.get("pangkat")),
                          _text(signer.get("jabatan"))),
            indicators=inds, pakta=_text(pakta.get("berkas")), entry_sha256=_text(entry.get("entry_sha256")))
        agreement.versi, agreement.berlaku_mulai, agreement.alasan = version_of(entry, awal)
        agreement.tanggal, agreement.ditandatangani = _text(entry.get("tanggal")), _text(entry.get("ditandatangani"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RegisterError(f"{where}: isian tidak lengkap atau salah bentuk ({exc.__class__.__name__}).") from None
    if last:  # the pact of the latest version is in hasil/pakta/; earlier ones were archived
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
