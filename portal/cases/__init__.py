"""Case services: verb-named functions that change cases; they never commit."""
