"""Plain mode: the app as line-by-line text, for screen readers and simple terminals."""
