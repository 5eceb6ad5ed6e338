"""``tokscope vocab`` as text: ``rows`` builds the sections once; ``view`` (terminal),
``markdown_out`` and ``json_out`` write them."""
