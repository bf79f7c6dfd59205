"""CLI commands beyond the core ones, one module per command; registered at the bottom of finmodel/cli.py."""
