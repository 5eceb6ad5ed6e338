"""``tokscope check``: :mod:`.json` writes the document, :mod:`.terminal` the tables."""
