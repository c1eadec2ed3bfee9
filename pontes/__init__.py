"""Pontes: make migration work for local development."""
