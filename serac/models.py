"""Models; see the layout in README.md."""
