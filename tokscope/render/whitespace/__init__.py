"""``tokscope whitespace`` (spectrum, ``--corpus``, ``--reindent``): :mod:`.rows` builds the texts
and sections once; :mod:`.json`, :mod:`.markdown` and :mod:`.terminal` write them."""
