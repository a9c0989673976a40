"""The workbooks the tool writes for people: forms, the example panel workbook, the report, annotated copies."""
