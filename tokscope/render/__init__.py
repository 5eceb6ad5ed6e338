"""Renderers: a result dataclass in, JSON, Markdown, terminal renderables or HTML out.

``render/common/`` holds what every command shares: the number formats
(:mod:`~tokscope.render.common.numbers`), the Markdown writer, the JSON envelope, tables as data
(:mod:`~tokscope.render.common.sections`) and the width-aware terminal table. Each command has
a package (``stats``, ``whitespace``, ``overlap``, ``inspect``, ``check``, ``diff``, ``report``)
whose ``rows`` (or ``sections``) module builds what is shown once, independent of the format;
``json``, ``markdown``, ``terminal`` and ``html`` are thin writers over it.

Rich is imported only by the terminal writers (``*/terminal.py``, ``common/terminal.py``,
``diff_view.py``); the other writers need nothing but the standard library.
"""
