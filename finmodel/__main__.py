"""`python -m finmodel ...` runs the command-line interface (the same as the `finmodel` command)."""

from finmodel.cli import main

main(prog_name="finmodel")
