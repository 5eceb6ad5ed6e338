"""``tokscope report``: :mod:`.sections` and :mod:`.charts` build the content once (tables, and
charts with their numbers, drawn by :mod:`.svg`); :mod:`.html` and :mod:`.markdown` write it."""
