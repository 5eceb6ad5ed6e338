"""Renderers: a result dataclass in, terminal renderables, JSON or Markdown out.

Rich is imported only by the terminal renderers; the JSON renderers need nothing but the standard
library.
"""
