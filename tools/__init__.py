"""Maintainers' tools for the course repository (run them as `python -m tools.<name>`)."""
