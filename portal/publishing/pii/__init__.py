"""The detectors behind the privacy check (portal.publishing.privacy), one module per kind of
personal data: names, numbers, contacts, pupils, addresses; and what is not personal data —
the office's own contacts and the places of its gazetteer."""
