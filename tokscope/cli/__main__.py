"""``python -m tokscope.cli``: the same command line as the ``tokscope`` script."""

from tokscope.cli import main

main()
