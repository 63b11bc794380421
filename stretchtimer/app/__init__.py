"""The Textual layer: screens and widgets that display core state and forward keys."""
