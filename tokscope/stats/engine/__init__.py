"""The engines that stream a corpus through the tokenizers: in this process or a local pool
(:mod:`tokscope.stats.engine.local`) and on Dask (:mod:`tokscope.stats.engine.cluster`)."""
