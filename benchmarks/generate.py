"""Generate realistic benchmark auctions: a panel workbook, N filled OPD workbooks and a
decided ``penawaran.xlsx``.

    python benchmarks/generate.py --opd 40 [--indicators 60 --figures 600 --seed 0] [--out DIR]

Content is deterministic for a given (n_opd, indicators, figures, seed): valid NIPs,
monotone targets that improve on the baseline, ``%`` values within 0-100 and about
``figures / indicators`` supporting figures per indicator. A few OPDs carry deliberate
findings so that annotation has work (see :func:`_defects`):

* OPD index ``i % 10 == 3`` -- errors: LK309 (end-point not better than baseline),
  LK311 (% over 100), LK401 (indicator without figures), LK306 (unknown mission), and
  when ``i % 20 == 3`` also LK203 (impossible NIP birth date). No pact for these OPDs.
* OPD index ``i % 10 == 7`` or OPD 2 when N < 10 -- warnings only: LK310 (yearly targets
  go backwards once), LK303 (Nilai Dasar typed as the text ``'74,5'``).

Variants (each cached in its own folder):

* ``clean=True`` (``--clean``): no deliberate findings, every OPD valid;
* ``origin="libreoffice"`` (``--origin libreoffice``): every OPD workbook (and the
  resubmission) opened and saved again by LibreOffice Calc
  (``soffice --headless --convert-to xlsx``), as when an OPD fills its form in Calc:
  shared strings instead of inline strings, LibreOffice's full style table, cached
  formula values, its own column and row records.

For the re-run benchmark, ``resubmit/`` holds a corrected copy of the first OPD with
errors (its "resubmission").

The offer workbook is created with :func:`lelang_xlsx.agreement.offers.write_offers` from the
checked submissions and filled like a panel session with
``sample_workbooks/penawaran_contoh.fill_example_offers``: per OPD, in row order, offers
answered ``Sanggup``, ``Tidak Sanggup`` with a negotiated value, ``Tidak Sanggup``
without, and no offer; every offer is decided.

Generated auctions are cached under ``benchmarks/out/data/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:  # `python benchmarks/generate.py` from anywhere
    sys.path.insert(0, str(REPO))

from lelang_xlsx import contract as C  # noqa: E402
from lelang_xlsx.workbooks.formulir import FilledData, write_formulir  # noqa: E402
from lelang_xlsx.model import Panel  # noqa: E402
from lelang_xlsx.workbooks.panel_example import example_panel, write_panel  # noqa: E402

OUT = HERE / "out"
DATA = OUT / "data"
FORMAT_VERSION = "2"  # bump when the generated content changes, so caches are rebuilt (2: sessions closed)

UNITS = ("%", "%", "orang", "indeks", "unit", "kasus", "per 100.000 KH", "km", "dokumen")
KECAMATAN = ("Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun", "Total")
SUBJECTS = ("layanan kesehatan dasar", "mutu pendidikan", "daya saing UMKM", "kualitas jalan kota",
            "tata kelola keuangan", "ketahanan pangan", "sanitasi permukiman", "kepuasan layanan publik",
            "partisipasi budaya", "investasi daerah", "akses air minum", "pengelolaan sampah")
PANGKAT = ("Pembina (IV/a)", "Pembina Tingkat I (IV/b)", "Pembina Utama Muda (IV/c)")
FIRST_NAMES = ("Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gunawan", "Hesti", "Indra", "Joko", "Kartika",
               "Lestari", "Mulyono", "Nurul", "Oktaviani", "Prasetyo", "Rina", "Slamet", "Tri", "Wahyuni")
LAST_NAMES = ("Santoso", "Wijaya", "Handayani", "Susanto", "Rahmawati", "Purnomo", "Hidayat", "Kusuma",
              "Setiawan", "Lestari", "Nugroho", "Maharani")


def opd_codes(n_opd: int) -> list[str]:
    width = max(3, len(str(n_opd)))
    return [f"OPD{i:0{width}d}" for i in range(1, n_opd + 1)]


def make_panel(n_opd: int) -> Panel:
    panel = example_panel()
    panel.tahun_awal, panel.tahun_akhir = 2019, 2023
    panel.opds = {k: f"Dinas Contoh {k[3:]}" for k in opd_codes(n_opd)}
    panel.opd_rows = {k: i + 2 for i, k in enumerate(panel.opds)}
    assert len(panel.missions) == 4
    return panel


def _nip(rng: random.Random) -> str:
    birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 14))
    tmt_year = birth.year + rng.randint(22, 30)
    return f"{birth:%Y%m%d} {tmt_year}{rng.randint(1, 12):02d} {rng.randint(1, 2)} {rng.randint(1, 999):03d}"


def _defects(i: int, n_opd: int, clean: bool = False) -> set[str]:
    kinds: set[str] = set()
    if clean:
        return kinds
    if i % 10 == 3:
        kinds.add("errors")
        if i % 20 == 3:
            kinds.add("nip")
    if i % 10 == 7 or (n_opd < 10 and i == 2):
        kinds.add("warnings")
    return kinds


def _targets(rng: random.Random, pol: str, unit: str, years: list[int]) -> tuple[float, list[float]]:
    """(baseline, yearly targets): monotone, strictly better at the end, % in 0-100."""
    pct = unit == "%"
    if pct:
        base = round(rng.uniform(20, 80), 1)
    elif unit == "indeks":
        base = round(rng.uniform(2.0, 4.0), 2)
    else:
        base = float(rng.randint(50, 5000))
    if pol == "Tetap":
        return base, [base] * len(years)
    room = (100 - base) if (pct and pol == "Naik") else base
    gain = room * rng.uniform(0.05, 0.3)
    digits = 2 if unit == "indeks" else 1
    gain = max(gain, 10 ** -digits * len(years))
    sign = 1 if pol == "Naik" else -1
    out = [round(base + sign * gain * k / len(years), digits) for k in range(1, len(years) + 1)]
    return base, out


def filled_for(panel: Panel, kode: str, i: int, n_opd: int, n_ind: int, n_fig: int, seed: int,
               fixed: bool = False) -> FilledData:  # fixed: the clean variant and the resubmission
    """The content of OPD ``kode`` (index ``i``, 1-based). ``fixed``: without defects."""
    rng = random.Random(f"{seed}-{kode}")
    years = list(panel.years)
    defects = set() if fixed else _defects(i, n_opd)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    identity = {
        "kode_opd": kode,
        "nama_opd": panel.opds[kode],
        "nama_kepala": f"Drs. {name}, M.Si.",
        "nip_kepala": "19691323 199503 1 004" if "nip" in defects else _nip(rng),
        "pangkat": rng.choice(PANGKAT),
        "jabatan": f"Kepala {panel.opds[kode]}",
        "petugas": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "kontak": f"0341-{rng.randint(100000, 999999)}",
        "tanggal": dt.date(2018, 11, rng.randint(1, 28)),
    }
    missions = list(panel.missions)
    indicators = []
    for j in range(1, n_ind + 1):
        subject = rng.choice(SUBJECTS)
        unit = rng.choice(UNITS)
        pol = "Tetap" if j % 15 == 0 else rng.choice(("Naik", "Naik", "Turun"))
        base, targets = _targets(rng, pol, unit, years)
        indicators.append({
            "no": j,
            "kode": f"{kode}-IK{j:02d}",
            "misi": missions[(j - 1) % len(missions)],
            "sasaran": f"Meningkatnya {subject} di Kota Malang",
            "program": f"Program Peningkatan {subject.title()}",
            "indikator": f"Indikator {j} {subject} ({unit})",
            "cara": f"Realisasi {subject} dibagi sasaran {subject} dikali 100",
            "satuan": unit,
            "polaritas": pol,
            "tahun_dasar": years[0] - 2,
            "nilai_dasar": base,
            "sumber": f"Laporan Tahunan {panel.opds[kode]} {years[0] - 2}",
            **{f"target_{y}": v for y, v in zip(years, targets)},
        })
    no_figures: set[str] = set()
    if "errors" in defects:
        a, b, c, d = indicators[0], indicators[1], indicators[2], indicators[3]
        # LK309: Naik, every target below the baseline (flat: no LK310)
        a.update(satuan="orang", polaritas="Naik", nilai_dasar=500.0, **{f"target_{y}": 450.0 for y in years})
        # LK311: % Naik going over 100 in the last year
        b.update(satuan="%", polaritas="Naik", nilai_dasar=80.0,
                 **{f"target_{y}": v for y, v in zip(years, (85.0, 90.0, 95.0, 100.0, 120.0)[-len(years):])})
        no_figures.add(c["kode"])  # LK401
        d["misi"] = "M9"  # LK306
    if "warnings" in defects:
        a, b = indicators[0], indicators[1]
        # LK310: Naik, the third year goes backwards
        a.update(satuan="orang", polaritas="Naik", nilai_dasar=50.0,
                 **{f"target_{y}": v for y, v in zip(years, (55.0, 60.0, 58.0, 65.0, 70.0))})
        # LK303: baseline typed as text with a decimal comma
        b.update(satuan="%", polaritas="Naik", nilai_dasar="74,5",
                 **{f"target_{y}": v for y, v in zip(years, (76.0, 78.0, 80.0, 82.0, 85.0))})
    figures = []
    per = [n_fig // n_ind + (1 if k < n_fig % n_ind else 0) for k in range(n_ind)]
    for ind, count in zip(indicators, per):
        if ind["kode"] in no_figures:
            continue
        for k in range(max(count, 1)):
            figures.append({
                "kode": ind["kode"],
                "uraian": f"Jumlah {rng.choice(('penduduk', 'sasaran', 'layanan', 'kegiatan', 'peserta'))} "
                          f"{ind['indikator'].split(' (')[0].lower()}",
                "rincian": f"Kecamatan {KECAMATAN[k % len(KECAMATAN)]}" if k % 6 != 5 else "Total",
                "tahun": years[0] - 2 + (k % 2),
                "nilai": rng.randint(10, 200000) if k % 3 else round(rng.uniform(1, 100), 2),
                "satuan": "orang" if k % 3 else "%",
                "sumber": f"BPS Kota Malang {years[0] - 2}",
            })
    return FilledData(identity, indicators, figures)


def _write_one(args) -> str:
    root, panel, kode, i, n_opd, n_ind, n_fig, seed, fixed, folder = args
    path = Path(root) / folder / f"{kode}.xlsx"
    data = filled_for(panel, kode, i, n_opd, n_ind, n_fig, seed, fixed)
    if folder == "resubmit":  # a resubmission always differs (in a clean auction it only names another officer)
        data.identity["petugas"] += " (revisi)"
    write_formulir(path, panel, kode, panel.opds[kode], data)
    return str(path)


ORIGINS = ("xlsxwriter", "libreoffice")


def data_dir(n_opd: int, indicators: int = 60, figures: int = 600, seed: int = 0, clean: bool = False,
             origin: str = "xlsxwriter") -> Path:
    variant = ("-clean" if clean else "") + ("-lo" if origin == "libreoffice" else "")
    return DATA / f"v{FORMAT_VERSION}-opd{n_opd}-ind{indicators}-fig{figures}-seed{seed}{variant}"


def resave_with_libreoffice(folder: Path) -> None:
    """Open and save every .xlsx in ``folder`` with LibreOffice Calc, in place."""
    files = sorted(folder.glob("*.xlsx"))
    if not files:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("--origin libreoffice needs LibreOffice (soffice) on PATH")
    out = folder / ".lo"
    out.mkdir()
    profile = folder / ".lo-profile"
    for start in range(0, len(files), 50):  # one soffice per 50 files keeps the command line short
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile.resolve()}", "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                        *map(str, files[start:start + 50])], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=3600)
    for p in files:
        (out / p.name).replace(p)
    shutil.rmtree(out)
    shutil.rmtree(profile, ignore_errors=True)


def generate_auction(root: Path, n_opd: int, indicators: int = 60, figures: int = 600, seed: int = 0,
                     jobs: int | None = None, quiet: bool = True, clean: bool = False,
                     origin: str = "xlsxwriter") -> Path:
    """Write a complete benchmark auction into ``root`` (which must not exist yet)."""
    if indicators < 4:
        raise ValueError("at least 4 indicators (the deliberate findings need them)")
    root = Path(root)
    jobs = jobs or os.cpu_count() or 1
    t0 = time.perf_counter()
    panel = make_panel(n_opd)
    (root / C.MASUK_DIR).mkdir(parents=True)
    write_panel(root / C.PANEL_FILE, panel)
    codes = list(panel.opds)
    tasks = [(str(root), panel, k, i, n_opd, indicators, figures, seed, clean, C.MASUK_DIR)
             for i, k in enumerate(codes, start=1)]
    broken = [(i, k) for i, k in enumerate(codes, start=1) if "errors" in _defects(i, n_opd, clean)]
    if clean and codes:  # the resubmission of a clean auction: OPD 1 sends the same content again
        broken = [(1, codes[0])]
    if broken:
        i, k = broken[0]
        (root / "resubmit").mkdir()
        tasks.append((str(root), panel, k, i, n_opd, indicators, figures, seed, True, "resubmit"))
    if jobs > 1 and len(tasks) > 4:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_write_one, tasks, chunksize=8))
    else:
        for t in tasks:
            _write_one(t)
    if not quiet:
        print(f"  {len(tasks)} workbooks in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if origin == "libreoffice":
        resave_with_libreoffice(root / C.MASUK_DIR)
        resave_with_libreoffice(root / "resubmit")
        if not quiet:
            print(f"  saved again by LibreOffice at {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    _write_offers(root, jobs)
    if not quiet:
        print(f"  penawaran.xlsx done at {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return root


def _write_offers(root: Path, jobs: int) -> None:
    sys.path.insert(0, str(REPO / "sample_workbooks"))
    from penawaran_contoh import close_sessions, fill_example_offers

    from lelang_xlsx.auction import Auction
    from lelang_xlsx.checking.checker import check_auction
    from lelang_xlsx.agreement.offers import write_offers

    auction = Auction.at(root)
    result = check_auction(auction, jobs=jobs)
    write_offers(auction.penawaran, result.panel, result.submissions)
    fill_example_offers(auction.penawaran)
    # the panel closes the session of every OPD it met (those with a valid form): their pacts are issued
    close_sessions(auction.penawaran, {s.kode_opd for s in result.valid_submissions})


def ensure_auction(n_opd: int, indicators: int = 60, figures: int = 600, seed: int = 0, quiet: bool = False,
                   clean: bool = False, origin: str = "xlsxwriter") -> Path:
    """The cached auction for these parameters, generated on first use."""
    target = data_dir(n_opd, indicators, figures, seed, clean, origin)
    if (target / ".complete").is_file():
        return target
    if target.exists():
        shutil.rmtree(target)
    if not quiet:
        print(f"generating {n_opd} OPDs x {indicators} indicators x {figures} figures in {target} ...",
              file=sys.stderr)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    generate_auction(tmp, n_opd, indicators, figures, seed, quiet=quiet, clean=clean, origin=origin)
    (tmp / ".complete").write_text("ok\n")
    tmp.rename(target)
    return target


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opd", type=int, default=40)
    ap.add_argument("--indicators", type=int, default=60)
    ap.add_argument("--figures", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--clean", action="store_true", help="no deliberate findings: every OPD valid")
    ap.add_argument("--origin", choices=ORIGINS, default="xlsxwriter",
                    help="libreoffice: every OPD workbook opened and saved again by LibreOffice Calc")
    ap.add_argument("--out", type=Path, help="write here instead of the cache under benchmarks/out/data")
    a = ap.parse_args(argv)
    if a.out:
        generate_auction(a.out, a.opd, a.indicators, a.figures, a.seed, quiet=False, clean=a.clean, origin=a.origin)
        print(a.out)
    else:
        print(ensure_auction(a.opd, a.indicators, a.figures, a.seed, clean=a.clean, origin=a.origin))


if __name__ == "__main__":
    main()
