"""Reading workbooks: the defensive .xlsx reader, the OPD and panel workbook readers, numbers, NIP, discovery."""
