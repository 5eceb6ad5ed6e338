"""``tokscope diff``: :mod:`.json` writes the document; the terminal view is
:mod:`tokscope.render.diff.terminal`."""
