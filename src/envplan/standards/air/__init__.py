"""standards/air."""
