"""Inputs: the only package that opens or checks input files.

Readers (the inputs folder, the inputs workbook, the history tables) give raw data; the
declarations in `schema` and the checks in `validation` turn it into frozen `Assumptions`,
reporting every problem at once as an `InputError`.
"""
