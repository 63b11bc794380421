"""Performance benchmarks of stretchtimer: run ``python -m bench`` (see docs/performance.md).

Not part of the test suite: they drive the real ``stretchtimer`` command in a pseudo-terminal
and compare every figure with a reference measured in the same invocation.
"""
