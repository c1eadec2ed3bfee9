"""Models of calls."""
