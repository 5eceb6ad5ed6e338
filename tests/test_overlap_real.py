"""Vocabulary overlap on the real tokenizer files: ModernBERT = OLMo + 88 added tokens, OLMo's
raw space runs duplicate its ``Ġ`` runs, and RoBERTa / ModernBERT / XLM-R compare sensibly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run, specs
from tests.samples import SAMPLES
from tokscope.corpus.walk import iter_corpus
from tokscope.inspection import describe
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap import (
    SCRIPT_CATEGORIES,
    CorpusCoverage,
    OverlapReport,
    PairOverlap,
    count_corpus,
    entry_contents,
    form_bytes,
    overlap,
    vocabulary_entries,
)
from tokscope.text import WHITESPACE_BYTES

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("modernbert", "olmo", "xlm-roberta", "roberta")


@pytest.fixture(scope="module")
def report(real: dict[str, LoadedTokenizer]) -> OverlapReport:
    """All four vocabularies, with the project's corpora (computed once: about 5 s)."""
    toks = [real[n] for n in NAMES]
    counts = count_corpus(toks, iter_corpus([str(ROOT / "corpora")]))
    return overlap(toks, corpus=counts)


def pair(report: OverlapReport, a: str, b: str) -> PairOverlap:
    return next(p for p in report.pairs if (p.a, p.b) == (a, b))


def category(p: PairOverlap, name: str) -> tuple[int, int, int]:
    c = next((c for c in p.categories if c.category == name), None)
    return (0, 0, 0) if c is None else (c.counts.a, c.counts.b, c.counts.shared)


def test_modernbert_is_olmo_plus_88_added_tokens(report: OverlapReport) -> None:
    p = pair(report, "modernbert", "olmo")
    ids = p.ids
    assert ids.a_extends_b and not ids.b_extends_a
    assert (ids.identical, ids.different) == (50_280, 0)  # the 28 shared added tokens included
    assert ids.a_only.count == 88
    assert ids.a_only.ranges == ((50_280, 50_367),)
    assert ids.a_only.special == ("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]")
    assert (ids.a_only.others, ids.a_only.first_other, ids.a_only.last_other) == (
        83,
        "[unused0]",
        "[unused82]",
    )
    # as bytes: every OLMo form is in ModernBERT; ModernBERT adds exactly the 83 [unused*]
    assert p.overall.b_in_a == 1.0
    assert p.overall.a - p.overall.shared == 83
    only = [c for c in p.categories if c.counts.a != c.counts.shared]
    assert [c.category for c in only] == ["ascii-mixed"]
    assert all(c.counts.b == c.counts.shared for c in p.categories)
    assert p.corpus is not None and all(c.share == 1.0 for c in p.corpus)


def test_the_output_says_so(real_tokenizers: Path) -> None:
    result = run(["overlap", *specs(real_tokenizers, "modernbert", "olmo"), "--markdown"])
    assert result.exit_code == 0
    assert (
        "modernbert holds every entry of olmo at the same id (50,280), plus 88 ids "
        "(50280–50367): 5 special ([UNK] [CLS] [SEP] [PAD] [MASK]), 83 not special "
        "([unused0] … [unused82])."
    ) in result.stdout


def test_olmo_space_runs_duplicate_g_runs(report: OverlapReport) -> None:
    olmo = report.vocabularies[NAMES.index("olmo")]
    assert len(olmo.duplicates) == 23
    for d in olmo.duplicates:
        k = len(form_bytes(d.form))
        assert d.form == b" " * k
        bpe_id, added_id = sorted(d.ids, key=lambda i: i >= 50_254)
        assert 50_254 <= added_id <= 50_276 and added_id == 50_278 - k
        assert olmo.tokens[bpe_id] == "Ġ" * k and olmo.tokens[added_id] == " " * k
    assert sorted(len(form_bytes(d.form)) for d in olmo.duplicates) == list(range(2, 25))
    assert olmo.compared_entries - len(olmo.forms) == 23


def test_normalisation_of_space_runs(real: dict[str, LoadedTokenizer]) -> None:
    modernbert, xlmr = real["modernbert"], real["xlm-roberta"]
    assert modernbert.entries.content(252, "ĠĠĠĠ") == b"    "
    assert modernbert.entries.content(50_274, "    ") == b"    "  # raw added token
    assert modernbert.tokenizer.id_to_token(50_274) == "    "
    assert xlmr.entries.content(6, "▁") == b" "
    assert xlmr.entries.content(1_000, "▁▁▁▁") == b"    "  # how a ▁ run would read
    assert xlmr.entries.content(1_022, "▁x") == b" x"


def test_fast_contents_equal_entry_decoder(real: dict[str, LoadedTokenizer]) -> None:
    for tok in real.values():
        entries = vocabulary_entries(tok)
        fast = entry_contents(tok, entries)
        assert fast == {i: tok.entries.content(i, t) for i, t in entries.items()}, tok.name


def test_roberta_modernbert_xlmr_figures(report: OverlapReport) -> None:
    sizes = {v.name: len(v.forms) for v in report.vocabularies}
    assert sizes == {
        "modernbert": 50_338,
        "olmo": 50_255,
        "xlm-roberta": 249_997,
        "roberta": 50_259,  # its ordinary <|endoftext|> is special in modernbert and olmo
    }
    roberta = {v.name: v for v in report.vocabularies}["roberta"]
    assert [roberta.tokens[i] for i in roberta.special_elsewhere] == ["<|endoftext|>"]
    mr = pair(report, "modernbert", "roberta")
    assert mr.overall.shared == 36_937
    assert 0.5 < mr.overall.jaccard < 0.7
    whitespace = category(mr, "whitespace")
    assert whitespace[0] > 10 * whitespace[1]  # ModernBERT: runs; RoBERTa: single characters
    assert whitespace[2] == whitespace[1]  # every RoBERTa whitespace entry is in ModernBERT
    xr = pair(report, "xlm-roberta", "roberta")
    assert xr.overall.shared == 17_580
    assert xr.overall.a_in_b is not None and xr.overall.a_in_b < 0.1
    assert category(xr, "whitespace") == (1, 7, 1)  # XLM-R: one ▁ entry
    assert category(xr, "byte-fragment")[0] == 0  # no byte fallback
    non_latin = {
        v.name: sum(1 for c in v.forms.values() if c in SCRIPT_CATEGORIES[1:])
        for v in report.vocabularies
    }
    assert max(non_latin, key=lambda n: non_latin[n]) == "xlm-roberta"
    assert non_latin["xlm-roberta"] > 50 * non_latin["roberta"]


def missing(c: CorpusCoverage) -> list[bytes]:
    return [form_bytes(m.form) for m in c.missing]


def test_corpus_shows_where_the_difference_matters(report: OverlapReport) -> None:
    mr = pair(report, "modernbert", "roberta").corpus
    mx = pair(report, "modernbert", "xlm-roberta").corpus
    assert mr is not None and mx is not None
    assert mr[0].share is not None and mr[1].share is not None
    assert mr[0].share < mr[1].share < 1.0  # RoBERTa lacks ModernBERT's indentation runs
    assert b"    " in missing(mr[0]) and b"        " in missing(mr[0])
    assert all(WHITESPACE_BYTES.issuperset(f) for f in missing(mr[0])[:5])
    assert missing(mx[0])[0] == b"\n"  # XLM-R has no newline entry at all
    assert mx[0].share is not None and mx[0].share < mr[0].share
    shares = report.matrix.corpus_coverage
    assert shares is not None and shares[0][1] == shares[1][0] == 1.0


def test_budget_uses_the_inspect_definition(
    report: OverlapReport, real: dict[str, LoadedTokenizer]
) -> None:
    for name, budget in zip(NAMES, report.budgets):
        assert budget.params == describe(real[name], hidden=1024).params.vocab_params
        assert sum(r.entries for r in budget.rows) == budget.entries
    xlmr = report.budgets[NAMES.index("xlm-roberta")]
    assert report.corpus is not None and "cyrillic" not in report.corpus.scripts
    cyrillic = next(r for r in xlmr.rows if r.category == "cyrillic")
    assert cyrillic.in_corpus is False and cyrillic.unused_entries == cyrillic.entries
    absent = xlmr.absent_script_entries
    assert absent is not None and absent > 100_000  # most of XLM-R's rows: scripts not in code


def test_json_is_deterministic(real_tokenizers: Path) -> None:
    """Byte-identical across processes, whose hash seeds (set and dict orders) differ. XLM-R's
    design is covered the same way on a small Unigram tokenizer in test_overlap_cli.py."""
    args = ["overlap", *specs(real_tokenizers, "modernbert", "olmo", "roberta")]
    args += ["--corpus", "corpora", "--json"]
    code = "import sys; from tokscope.cli import main; sys.argv[0] = 'tokscope'; main()"
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    payload = json.loads(outputs[0])
    assert [t["name"] for t in payload["tokenizers"]] == ["modernbert", "olmo", "roberta"]
    assert payload["matrix"]["coverage"][1][0] == 1.0  # every OLMo form is in ModernBERT


def test_corpus_coverage_from_the_stats_pass_is_the_old_count(
    real: dict[str, LoadedTokenizer],
) -> None:
    """overlap --corpus now counts ids in the stats pass; the old path encoded the corpus on its
    own (``count_corpus``). Both give the same counts and the same coverage, on corpora/."""
    from tokscope.corpus.walk import CorpusOptions
    from tokscope.overlap import counts_of
    from tokscope.stats.engine.local import RunOptions, run_pass
    from tokscope.stats.engine.loop import Collect
    from tokscope.stats.prepared import Prepared

    toks = [real[n] for n in ("modernbert", "xlm-roberta", "roberta")]
    paths = [str(ROOT / "corpora")]
    old = count_corpus(toks, iter_corpus(paths))
    options = RunOptions(reference="roberta", lex=False, collect=Collect(scripts=True))
    done = run_pass(paths, CorpusOptions(), options, preps=[Prepared(t) for t in toks])
    new = counts_of(done.aggregate, done.extras.scripts, names=[t.name for t in toks])
    assert new == old
    before, after = overlap(toks, corpus=old), overlap(toks, corpus=new)
    assert after.matrix.corpus_coverage == before.matrix.corpus_coverage
    assert [p.corpus for p in after.pairs] == [p.corpus for p in before.pairs]
    assert after.uses == before.uses
    assert new.documents == len(SAMPLES) and new.counts["roberta"]
