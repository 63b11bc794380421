"""Adapters at the edges: audio, speech and files, each behind a small interface."""
