"""The workbooks finmodel writes: the analyst workbook of a run and the editable inputs workbook."""
