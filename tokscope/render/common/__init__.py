"""What every renderer shares: number formats, the Markdown writer, the JSON envelope, and
width-aware terminal tables.

- :mod:`~tokscope.render.common.numbers`: the one set of number formats of the text views.
- :mod:`~tokscope.render.common.markdown`: the one Markdown table writer and code-span escaper.
- :mod:`~tokscope.render.common.envelope`: the one JSON envelope (version, provenance, skipped).
- :mod:`~tokscope.render.common.sections`: a table as data, independent of the output format.
- :mod:`~tokscope.render.common.terminal`: tables laid out for the console's width (rich).

Only :mod:`~tokscope.render.common.terminal` imports rich.
"""
