"""standards/water."""
