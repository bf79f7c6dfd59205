"""A worksheet's cells held once, bounded before they are held (the inputs workbook and the batch case file read
sheets through it): a cell's row, column, value and type, and the limits that keep a hostile workbook small."""

CELL_LIMIT = 100_000          # cells a sheet may span (its used range): the shipped workbook's largest spans ~1,000
UNZIPPED_LIMIT = 20_000_000   # bytes of XML inside the workbook (the shipped one: ~0.2 MB)


class Cell:
    """One cell as read: row and column from 1, value, openpyxl's data type ("f" for a formula)."""

    __slots__ = ("row", "column", "value", "data_type")

    def __init__(self, row, column, value=None, data_type="n"):
        self.row, self.column, self.value, self.data_type = row, column, value, data_type

    @property
    def coordinate(self) -> str:
        from openpyxl.utils.cell import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


class Grid:
    """A sheet's cells that hold a value, read once in openpyxl's read-only (streaming) mode.

    Bounded before it is held: the sheet's stated dimension (its used range, formatted empty cells included) may
    span at most CELL_LIMIT cells, and reading stops with TooBig past CELL_LIMIT rows or cells with a value (a
    dimension may be missing or wrong). `max_row` and `max_column` are those of the cells with values.
    """

    class TooBig(Exception):
        pass

    def __init__(self, ws):
        self.title = ws.title
        rows, cols = ws.max_row, ws.max_column   # from the sheet's <dimension>, before anything is read
        if rows is not None and cols is not None and rows * cols > CELL_LIMIT:
            from openpyxl.utils.cell import get_column_letter

            raise Grid.TooBig(f"A1:{get_column_letter(cols)}{rows}", f"{rows * cols:,} cells")
        self.cells = {}
        ws.reset_dimensions()   # read every row the file holds, whatever its dimension claims
        for n, row in enumerate(ws.iter_rows(), start=1):
            for c in row:
                if c.value is not None:
                    self.cells[(c.row, c.column)] = (c.value, c.data_type)
            if n > CELL_LIMIT or len(self.cells) > CELL_LIMIT:
                raise Grid.TooBig(f"more than {CELL_LIMIT:,} rows", "the rows it holds")
        self.max_row = max((r for r, _ in self.cells), default=1)
        self.max_column = max((c for _, c in self.cells), default=1)

    def cell(self, row, column) -> Cell:
        return Cell(row, column, *self.cells.get((row, column), (None, "n")))

    def __getitem__(self, key):
        if isinstance(key, int):
            return [self.cell(key, c) for c in range(1, self.max_column + 1)]
        from openpyxl.utils.cell import coordinate_to_tuple

        return self.cell(*coordinate_to_tuple(key))
