"""``tokscope vocab`` as text: ``rows`` builds the sections once; ``terminal`` (terminal),
``markdown`` and ``json`` write them."""
