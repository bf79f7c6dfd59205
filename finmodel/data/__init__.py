"""Data installed with the package: `inputs/`, a byte-for-byte copy of the repository's `inputs/` folder.

The repository's `inputs/` is the one editable source; `python -m finmodel.data --sync` rewrites this
copy from it and `python -m finmodel.data --check` (run by the test suite) fails when the two differ.
A run without `--inputs` reads the copy when its working folder has no `inputs/` (`finmodel.inputs.locate`).
"""
