"""Benchmark ``tokscope vocab``'s reachability check against the obvious loop.

For one tokenizer (default xlm-roberta, 250,002 entries), in the same run and on the same
machine load, it times:

* **loop**: one ``Tokenizer.encode`` call per entry, on the entries' texts, with the neutral
  tokenizer (the per-entry Python loop the check avoids);
* **batch**: one ``Tokenizer.encode_batch`` call on the same texts (what the check uses);
* **describe**: the whole of :func:`tokscope.vocab.describe_vocab` (normalising the vocabulary,
  the neutral tokenizer, the batch, categories, lengths, duplicates).

The loop runs on ``--sample`` entries (default 20,000) and is scaled to the whole vocabulary; it
prints each time (median of ``--repeat`` rounds) and the ratios against the loop. Run from the
project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_vocab.py
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    """Parse the options, time the three variants, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", default="xlm-roberta")
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from tokscope.loading.sources import load
    from tokscope.overlap import Categorizer, form_bytes, normalise
    from tokscope.vocab import describe_vocab, neutral_tokenizer

    tok = load(args.tokenizer)
    vocab = normalise(tok, Categorizer(frozenset()))
    neutral, _ = neutral_tokenizer(tok.tokenizer)
    texts = []
    for form in vocab.form_of.values():
        try:
            texts.append(form_bytes(form).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    sample = texts[: args.sample]
    scale = len(texts) / max(1, len(sample))

    loop, batch, describe = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text in sample:
            neutral.encode(text, add_special_tokens=False)
        loop.append((time.perf_counter() - start) * scale)
        start = time.perf_counter()
        neutral.encode_batch(texts, add_special_tokens=False)
        batch.append(time.perf_counter() - start)
        start = time.perf_counter()
        describe_vocab(tok)
        describe.append(time.perf_counter() - start)

    base = statistics.median(loop)
    print(f"{tok.name}: {len(texts):,} entries that decode to text")
    print(f"{'variant':<10} {'seconds':>9} {'vs loop':>8}")
    for name, times in (("loop", loop), ("batch", batch), ("describe", describe)):
        median = statistics.median(times)
        print(f"{name:<10} {median:>9.2f} {median / base:>7.2f}x")


if __name__ == "__main__":
    main()
