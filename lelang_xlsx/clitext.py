"""click's own words in Indonesian: usage, help headings, usage errors.

click passes every text it prints through ``gettext`` (``_``/``ngettext`` imported into
each of its modules). :func:`install` replaces those two names in click's modules with
look-ups in the tables below, so ``Usage:``, ``Options:``, ``Error: Invalid value for
'FOLDER': Directory '…' does not exist.`` and ``Try 'lelang run --help' for help.``
reach the secretariat in Indonesian; a text not in the table stays as click wrote it.
It must run before the commands are declared (``click.Path`` names itself then).
"""

from __future__ import annotations

# click's message id -> the Indonesian text (same placeholders)
ID = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} belum diisi",
    "Missing command.": "Perintah belum disebut.",
    "No such command {name!r}.": "Perintah {name!r} tidak dikenal.",
    "No such option {name!r}.": "Opsi {name!r} tidak dikenal.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Aborted!": "Dibatalkan.",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    "unknown error": "galat tidak dikenal",
}
# (singular id, plural id) -> (singular, plural) in Indonesian
ID_PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argumen berlebih ({args})", "Argumen berlebih ({args})"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} bukan {choice}.", "{value!r} bukan salah satu dari {choices}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Opsi {name!r} memerlukan nilai.", "Opsi {name!r} memerlukan {nargs} nilai."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Mungkin maksudnya {possibility}?", "(Mungkin maksudnya salah satu dari: {possibilities}?)"),
}
# the names click shows for value types (in help as the metavar, e.g. --jobs ANGKA)
TYPE_NAMES = {"IntParamType": "angka", "IntRange": "angka", "FloatParamType": "angka", "FloatRange": "angka",
              "StringParamType": "teks"}
OPTIONS_METAVAR = "[OPSI]"
SUBCOMMAND_METAVAR = "PERINTAH [ARG]..."


def gettext(message: str) -> str:
    return ID.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = ID_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Point click's ``_``/``ngettext`` at the tables above (idempotent)."""
    from click import core, decorators, exceptions, formatting, parser, termui, types, utils

    for module in (core, decorators, exceptions, formatting, parser, termui, types, utils):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for cls, name in TYPE_NAMES.items():
        getattr(types, cls).name = name
    for instance in (types.INT, types.FLOAT, types.STRING):  # the shared instances carry their own name
        instance.name = TYPE_NAMES[type(instance).__name__]

