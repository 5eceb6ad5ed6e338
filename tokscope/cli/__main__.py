"""``python -m tokscope.cli``."""

from tokscope.cli import main

main()
