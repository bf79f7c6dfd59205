"""Commands registered on the `finmodel` group, one module per command (heavy imports inside bodies)."""
