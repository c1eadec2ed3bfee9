"""Models of elections."""
