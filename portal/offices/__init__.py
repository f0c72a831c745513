"""Offices as a managed thing: create, archive, import, and how each is reached."""
