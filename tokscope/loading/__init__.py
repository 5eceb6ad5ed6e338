"""Loading tokenizers: a spec (alias, hub id or path) becomes a :class:`LoadedTokenizer`.

:mod:`tokscope.loading.sources` resolves specs and reads the files; :mod:`tokscope.loading.entries`
turns vocabulary entries into the bytes they stand for.
"""
