"""``python -m tokscope``: the same command line as the ``tokscope`` script."""

from tokscope.cli import main

main()
