"""The pure core: routines, timelines, the session engine, screening and history.

Nothing in this package imports Textual; ``tests/test_layers.py`` enforces it.
"""
