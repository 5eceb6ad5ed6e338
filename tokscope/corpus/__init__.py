"""One way in for files: walking folders and reading source files and datasets.

:mod:`tokscope.corpus.walk` turns paths into documents (or skipped inputs with a reason),
:mod:`tokscope.corpus.textio` reads one source file exactly, and :mod:`tokscope.corpus.parquet`
reads Parquet datasets.
"""
