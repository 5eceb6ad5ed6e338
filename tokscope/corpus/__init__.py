"""One way in for files: walking folders and reading source files and datasets.

- :mod:`tokscope.corpus.documents`: what comes out (documents, skipped inputs and their reasons,
  the options, :func:`~tokscope.corpus.documents.display_name` for names that are data);
- :mod:`tokscope.corpus.walk`: the one walker (paths -> files or skipped inputs), the progress
  count from the same walk, and the reader chosen by suffix;
- :mod:`tokscope.corpus.textio`: bounded reading (at most ``max_bytes + 1`` bytes of anything) and
  exact UTF-8 decoding, also for ``diff``'s single file;
- :mod:`tokscope.corpus.readers`: source files and JSON Lines (plain or gzip) into documents;
- :mod:`tokscope.corpus.parquet`: Parquet datasets, with pyarrow.
"""
