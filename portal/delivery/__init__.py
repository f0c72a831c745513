"""The delivery outbox and the worker that empties it."""
