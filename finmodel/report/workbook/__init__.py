"""The workbooks finmodel writes: the analyst workbook of a run (`build.py` assembles it from the sheet
modules) and the editable inputs workbook (`inputs_workbook.py`)."""
