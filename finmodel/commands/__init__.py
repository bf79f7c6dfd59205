"""CLI commands beyond the core ones, one module each, registered at the bottom of `finmodel/cli.py`.

Command modules must not import `finmodel.cli` when they are imported (cli.py imports them), so
the two helpers below reach the CLI's error guard and fiscal-year parser when a command runs.
"""

import functools


def guarded(fn):
    """The CLI's guard (clean message and exit code 2 for input and file errors), looked up at call time."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from finmodel.cli import _guard

        return _guard(fn)(*args, **kwargs)

    return wrapper


def parse_fiscal_year(ctx, param, value):
    """click callback: a fiscal-year label such as 2021-22 -> its start year (usage error otherwise)."""
    from finmodel.cli import _horizon

    return _horizon(ctx, param, value)
