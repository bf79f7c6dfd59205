"""`python -m finmodel ...` runs the command-line interface (the same entry point as the `finmodel` command)."""

from finmodel.cli import console

console()
