"""Posting to the office's Facebook Page and LINE Official Account: clients and settings."""
