"""finmodel: Hong Kong public-finance debt projection model.

The package imports nothing heavy at start-up: the notebook API (`load_inputs`, `run`) is
loaded on first use so that `finmodel --help` stays fast.
"""

from finmodel.version import __version__

__all__ = ["__version__", "load_inputs", "run"]


def __getattr__(name):
    if name in ("load_inputs", "run"):
        from finmodel import api

        return getattr(api, name)
    raise AttributeError(f"module 'finmodel' has no attribute {name!r}")
