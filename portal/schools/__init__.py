"""School reference data."""
