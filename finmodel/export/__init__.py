"""Exporters: write Results to files (CSV, JSON, Excel, PNG charts). They only read results."""
