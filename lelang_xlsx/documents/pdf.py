"""PDF copies of the pacts through LibreOffice (``soffice --convert-to pdf``).

One soffice process converts a whole batch; it runs headless with a throwaway user
profile so it neither touches nor waits for a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..output import atomic
from ..errors import LelangError

INSTALL_HINT = (
    "LibreOffice tidak ditemukan (perintah soffice/libreoffice tidak ada di PATH). "
    "Pasang LibreOffice untuk membuat PDF: di Debian/Ubuntu "
    "`sudo apt-get install -y libreoffice-writer-nogui`; di Windows atau macOS unduh dari "
    "https://www.libreoffice.org/download/ lalu pastikan folder program-nya ada di PATH. "
    "Berkas .docx tetap dibuat tanpa PDF."
)


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMFILES(X86)", "")):
            exe = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if base and exe.is_file():
                return str(exe)
    return None


def _kill(proc: subprocess.Popen) -> None:
    try:
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def convert_to_pdf(docx_paths: list[str | os.PathLike], out_dir: str | os.PathLike,
                   timeout: float | None = None) -> list[Path]:
    """Convert the documents to PDF in ONE soffice call; PDFs are written atomically to
    ``out_dir`` as ``<stem>.pdf``. Returns the PDFs written, in input order.

    Raises ``LelangError`` (Indonesian message) when LibreOffice is missing, times out
    (default: 120 s + 30 s per document) or fails for some documents — PDFs of the
    documents that did convert are still written.
    """
    paths = [Path(p).resolve() for p in docx_paths]
    if not paths:
        return []
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise LelangError("Berkas untuk PDF tidak ditemukan: " + ", ".join(str(p) for p in missing))
    stems = [p.stem for p in paths]
    dupes = sorted({s for s in stems if stems.count(s) > 1})
    if dupes:
        raise LelangError("Beberapa berkas bernama sama dan PDF-nya akan saling menimpa: " + ", ".join(dupes))
    exe = soffice_path()
    if exe is None:
        raise LelangError(INSTALL_HINT)
    out_dir = Path(out_dir)
    if timeout is None:
        timeout = 120 + 30 * len(paths)

    with tempfile.TemporaryDirectory(prefix="lelang-pdf-") as tmp:
        tmp_path = Path(tmp)
        profile = (tmp_path / "profil").as_uri()
        pdf_dir = tmp_path / "pdf"
        pdf_dir.mkdir()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
               "--nolockcheck", "--nodefault", "--nologo", "--convert-to", "pdf:writer_pdf_Export",
               "--outdir", str(pdf_dir), *[str(p) for p in paths]]
        env = dict(os.environ, HOME=str(tmp_path)) if sys.platform != "win32" else None
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    env=env, start_new_session=(sys.platform != "win32"))
        except OSError as exc:
            raise LelangError(f"LibreOffice tidak dapat dijalankan ({exe}): {exc.strerror or exc}. " + INSTALL_HINT) from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LelangError(
                f"LibreOffice tidak selesai mengubah {len(paths)} dokumen ke PDF dalam {int(timeout)} detik "
                "dan dihentikan. Tutup LibreOffice yang sedang terbuka lalu coba lagi, atau buat PDF "
                "dengan jumlah dokumen yang lebih sedikit.") from None
        written: list[Path] = []
        failed: list[str] = []
        for p in paths:
            produced = pdf_dir / f"{p.stem}.pdf"
            if produced.is_file() and produced.stat().st_size > 0:
                atomic.write_bytes(out_dir / produced.name, produced.read_bytes())
                written.append(out_dir / produced.name)
            else:
                failed.append(p.name)
        if failed:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
            raise LelangError(
                f"LibreOffice gagal membuat PDF untuk {len(failed)} dokumen: {', '.join(failed)} "
                f"(kode keluar {proc.returncode})" + (": " + " / ".join(detail) if detail else "") +
                ". Periksa bahwa dokumen dapat dibuka di LibreOffice Writer.")
        return written
