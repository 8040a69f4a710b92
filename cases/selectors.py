"""Reads, always filtered by what the user may see."""
