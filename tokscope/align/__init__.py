"""Exact alignment of tokens with the source: :func:`tokscope.align.segment.segment`."""
