"""``tokscope stats``: :mod:`.rows` builds the sections once; :mod:`.json`, :mod:`.markdown` and
:mod:`.terminal` write them."""
