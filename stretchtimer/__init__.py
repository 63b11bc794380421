"""stretchtimer: a stretch-and-movement companion for people with back pain."""

__version__ = "0.1.0"
