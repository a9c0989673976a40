"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions."""

from __future__ import annotations

from pathlib import Path

import click


def register(main) -> None:
    """Attach ``lelang pk template`` to the ``lelang`` group."""
    from ..cli import _auction_arg, _Group, guarded

    @main.group(name="pk", cls=_Group)
    def pk_group():
        """Perjanjian Kinerja tahunan: target dari kesepakatan yang berlaku, program dan anggaran dari OPD.

        \b
        Alur singkat (setelah pakta terbit dan hasil/kesepakatan.json ada):
          lelang pk template lelang-2018 --year 2019   # formulir PK per OPD
        """

    year_option = click.option("--year", "year", type=int, required=True, help="Tahun Perjanjian Kinerja (dalam periode).")

    @pk_group.command(name="template")
    @_auction_arg
    @year_option
    @click.option("--opd", "opds", multiple=True, help="Hanya untuk kode OPD ini (boleh diulang).")
    @guarded
    def pk_template(folder: Path, year: int, opds: tuple[str, ...]):
        """Formulir PK terisi (dari kesepakatan yang berlaku) di FOLDER/pk/TAHUN/formulir/.

        \b
        Contoh:
          lelang pk template lelang-2018 --year 2019
        OPD tanpa kesepakatan yang berlaku untuk tahun itu tidak mendapat formulir dan disebutkan.
        """
        from .setup import write_forms

        paths, without = write_forms(folder, year, list(opds) or None)
        for p in paths:
            click.echo(str(p))
        for kode, nama in without.items():
            click.echo(f"  {kode} ({nama}): tidak ada kesepakatan yang berlaku untuk tahun {year}; tidak ada formulir.")
        click.echo(f"{len(paths)} formulir PK ditulis. Kirim ke setiap OPD; simpan yang kembali di "
                   f"{folder}/pk/{year}/masuk/.")
