"""Writing machinery shared by every output: atomic writes, XlsxWriter styles, raw-XML rows, charts, zips, text formats, the manifest."""
