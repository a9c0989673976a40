"""lelang-xlsx: run a Lelang Kinerja (performance auction) from a folder of workbooks."""

__version__ = "0.1.0"
