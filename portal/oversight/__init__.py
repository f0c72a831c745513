"""Watching the watchers: the account audit log, second-person role grants, and the record of
who saw which confidential case (opened, listed or exported)."""
