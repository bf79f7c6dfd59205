"""CLI commands beyond the core ones in `finmodel.cli`, one module per command."""
