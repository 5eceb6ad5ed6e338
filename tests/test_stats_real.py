"""``stats`` on the real tokenizers and the project's ``corpora/``: the facts of DESIGN.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.samples import SAMPLES
from tests.test_cli import check_snapshot
from tokscope.corpus.walk import Document, iter_corpus
from tokscope.loading.sources import LoadedTokenizer
from tokscope.stats import StatsReport, TokenizerReport
from tokscope.stats.engine.local import analyse
from tokscope.stats.prepared import Prepared

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def report(real: dict[str, LoadedTokenizer]) -> StatsReport:
    preps = [Prepared(real[name]) for name in ("modernbert", "xlm-roberta", "roberta")]
    docs = [d for d in iter_corpus([str(ROOT / "corpora")]) if isinstance(d, Document)]
    return analyse(docs, preps, reference="roberta")


def by_name(report: StatsReport) -> dict[str, TokenizerReport]:
    return {t.info.name: t for t in report.tokenizers}


def test_xlm_roberta_has_the_lowest_round_trip_fidelity_and_loses_whitespace(
    report: StatsReport,
) -> None:
    t = by_name(report)
    xlmr = t["xlm-roberta"].overall
    assert xlmr.round_trip_fidelity is not None
    for other in ("modernbert", "roberta"):
        fidelity = t[other].overall.round_trip_fidelity
        assert fidelity is not None and xlmr.round_trip_fidelity < fidelity
        assert t[other].overall.whitespace_lost_bytes == 0
        assert t[other].overall.dropped_bytes == 0
    assert xlmr.whitespace_lost_bytes > 0
    assert xlmr.dropped_bytes > 0
    assert t["xlm-roberta"].round_trip_examples


def test_modernbert_spends_fewer_tokens_on_python_indentation_than_roberta(
    report: StatsReport,
) -> None:
    t = by_name(report)
    modern = dict(t["modernbert"].languages)["Python"].indentation
    roberta = dict(t["roberta"].languages)["Python"].indentation
    assert modern.units == roberta.units > 0
    assert modern.tokens < roberta.tokens
    # RoBERTa has one Ġ per space; ModernBERT one added token per run of spaces
    assert roberta.fertility is not None and roberta.fertility > 3
    assert modern.fertility is not None and modern.fertility < 1.5


def test_reference_and_ratios(report: StatsReport) -> None:
    t = by_name(report)
    assert report.reference == "roberta"
    assert t["roberta"].overall.nsl == 1.0
    modern = t["modernbert"].overall
    assert modern.nsl is not None and modern.nsl < 1.0  # fewer tokens on code than RoBERTa
    assert t["xlm-roberta"].info.unk_id == 3
    assert t["modernbert"].info.special_tokens_added == 2
    for tok in report.tokenizers:
        assert tok.overall.files == report.files == len(SAMPLES)
        assert tok.fragmented and tok.crossing


def test_snapshot_real(real_tokenizers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["stats", "corpora", "-j", "1", "--width", "100"]
    for name in ("modernbert", "xlm-roberta", "roberta"):
        args += ["-t", str(real_tokenizers / name)]
    result = run(args)
    assert result.exit_code == 0, result.output
    check_snapshot("stats_real_w100.txt", result.stdout)
