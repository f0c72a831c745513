"""Across offices: the national role, its case grants and log, and the national figures."""
