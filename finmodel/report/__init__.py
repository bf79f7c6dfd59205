"""Reports: write results to files (CSV, JSON, Excel, PNG charts, the validation report), each
written atomically. Reports only read results.
"""
