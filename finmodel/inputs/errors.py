"""The project's own input error: every problem found, each naming file, field, value and what is allowed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the inputs.

    `where` is the file (and sheet/cell for a workbook), `field` the parameter with its year or
    row, `value` what was found, `allowed` what would be accepted.
    """

    where: str
    field: str
    value: object
    allowed: str
    severity: str = "error"  # or "warning" (reported, the run goes on) or "note" (information only)

    def __str__(self) -> str:
        shown = repr(self.value) if isinstance(self.value, str) else self.value
        head = f"{self.where}: {self.field}" if self.field else self.where
        if self.value is not None:
            head += f" = {shown}"
        return f"{head}: {self.allowed}"


class InputError(Exception):
    """Raised when inputs are invalid; carries every problem found, not only the first.

    `partial` optionally holds what could be read (a RawInputs) so that validation can go on
    and report the problems of the other files in the same run.
    """

    def __init__(self, problems, partial=None):
        problems = list(problems)
        self.problems = [p for p in problems if p.severity == "error"]
        self.warnings = [p for p in problems if p.severity != "error"]
        self.partial = partial
        super().__init__("\n".join(str(p) for p in self.problems))
