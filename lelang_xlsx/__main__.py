"""python -m lelang_xlsx: the same as the lelang command."""

from .cli import main

main(prog_name="lelang")
