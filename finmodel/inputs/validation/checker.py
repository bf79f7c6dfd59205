"""The problem collector: every value checked against its hard and plausible bounds, problems kept in order."""

import difflib
import math

from finmodel.inputs.errors import Problem
from finmodel.inputs.schema import describe_range


class Checker:
    """Collects problems while converting raw values."""

    def __init__(self):
        """Start with no problems and no rejected parameter."""
        self.problems: list[Problem] = []
        self.rejected: set = set()  # parameters with a rejected value: their coverage errors would only repeat it

    def error(self, where, field, value, allowed):
        """Record a problem that stops the run."""
        self.problems.append(Problem(where, field, value, allowed))

    def warn(self, where, field, value, allowed):
        """Record a problem that is reported but does not stop the run."""
        self.problems.append(Problem(where, field, value, allowed, "warning"))

    def number(self, where, field, value, bounds=(None, None), plausible=(None, None), unit=""):
        """Return a float, or None after recording why the value is not acceptable."""
        x = self._finite(where, field, value)
        if x is None:
            return None
        lo, hi = bounds
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.error(where, field, value, f"outside the allowed range {describe_range(lo, hi)} {unit}".rstrip())
            return None
        lo, hi = plausible
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.warn(where, field, value, f"outside the plausible range {describe_range(lo, hi)} {unit}; check the unit".rstrip())
        return x

    def _finite(self, where, field, value):
        """Return the value as a finite float, or None after recording why it is not one (text, NaN, too large)."""
        if isinstance(value, bool) or value is None or not isinstance(value, (int, float, str)):
            self.error(where, field, value, "not a number")
            return None
        if isinstance(value, str):
            self.error(where, field, value, "not a number" + decimal_text_hint(value))
            return None
        try:
            x = float(value)
        except OverflowError:
            self.error(where, field, value, "not a finite number: too large")
            return None
        if not math.isfinite(x):
            self.error(where, field, value, "must be a finite number (not NaN or infinity)")
            return None
        return x


def decimal_text_hint(text):
    """A number kept as text (a leading zero, a decimal comma): say how to write it so it reads as a number."""
    try:
        float(text.replace(",", "."))
    except ValueError:
        return ""
    return " (write it as a plain decimal number, e.g. 3.0 or 1000.0, without a leading zero or a comma)"


def did_you_mean(word, options):
    """The closest allowed name to a misspelt one, as a message suffix (empty when nothing is close)."""
    close = difflib.get_close_matches(word, options, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def decimal_confusion(chk, where, field, values, what):
    """Every rate below 0.2%: the column was almost surely typed as decimals (0.0385 for 3.85%)."""
    nonzero = [v for v in values if v]
    if nonzero and all(0 < abs(v) < 0.2 for v in nonzero):
        chk.error(where, field, ", ".join(f"{v:g}" for v in nonzero[:5]) + (", ..." if len(nonzero) > 5 else ""),
                  f"every {what} is below 0.2: they are in percent, e.g. 3.85 for 3.85%, not 0.0385")
