"""The model: the pure engine (budget flows and the bond book), calibration to the Budget,
and the results as tidy frames by fiscal year. Nothing here opens a file.
"""
