"""``penawaran.xlsx`` is the panel's file: before the run replaces it, make sure the panel
does not have it open and did not save it since the run read it.

- A spreadsheet lock file next to it (``~$penawaran.xlsx`` from Excel,
  ``.~lock.penawaran.xlsx#`` from LibreOffice) means someone has it open: the run does not
  write it (their next save would overwrite the run's rows, or the run their entries).
- A file whose SHA-256 is no longer the one read means the panel saved it during the run:
  the run keeps the panel's file as it is and asks for a re-run, which reads it.

Both stop the run before anything derived from the offers is written (no pact is issued
from a file that is no longer the panel's).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LelangError


class PenawaranInUse(LelangError):
    """penawaran.xlsx is open in a spreadsheet program, or was saved during the run."""


def lock_files(path: Path) -> list[Path]:
    """The spreadsheet lock files that say ``path`` is open right now."""
    names = (f"~${path.name}", f".~lock.{path.name}#")
    return [path.parent / n for n in names if (path.parent / n).exists()]


def ensure_replaceable(path: Path, read_sha: str | None) -> None:
    """Raise :class:`PenawaranInUse` unless ``path`` may be replaced now."""
    from ..reading.files import sha256_file

    if not path.exists():
        if read_sha is not None:
            raise PenawaranInUse(f"{path.name} dipindah atau dihapus selama proses berjalan; tidak ada yang ditulis. "
                                 "Kembalikan berkasnya, lalu jalankan ulang.")
        return
    locks = lock_files(path)
    if locks:
        raise PenawaranInUse(
            f"{path.name} sedang dibuka di program lembar kerja ({locks[0].name} ada): {path.name} tidak diperbarui "
            f"agar isian Tim Penilai tidak tertimpa. Simpan dan tutup {path.name}, lalu jalankan ulang. Bila tidak ada "
            f"yang membukanya, hapus berkas {locks[0].name} lalu jalankan ulang.")
    if read_sha is not None and sha256_file(path) != read_sha:
        raise PenawaranInUse(
            f"{path.name} disimpan oleh Tim Penilai selama proses berjalan: berkas itu tidak ditimpa dan isiannya utuh. "
            f"Jalankan ulang agar isian terbaru ikut diproses.")
