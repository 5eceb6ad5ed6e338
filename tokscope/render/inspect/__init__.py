"""``tokscope inspect``: :mod:`.rows` builds the sections once; :mod:`.json` and :mod:`.terminal`
write them."""
