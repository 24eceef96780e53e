"""The differential corpus in CI: every walk yields a document, and no device-section scores below
the committed floor (tests/corpus/SCOREBOARD.tsv, remade by `python tests/corpus_scoreboard.py
--write` when a change improves it). A change's effect on 134 devices shows in that file's diff."""

from __future__ import annotations

import pytest
from corpus_scoreboard import GOOD, Result, read, regressions, score_all, totals


@pytest.fixture(scope="module")
def results() -> list[Result]:
    return score_all()


def test_every_walk_yields_a_document(results: list[Result]) -> None:
    failed = {r.ident: r.error for r in results if r.error}
    assert not failed
    assert len(results) == 134


def test_no_device_section_below_the_committed_floor(results: list[Result]) -> None:
    assert regressions(results, read()) == []


def test_the_share_of_good_device_sections_holds(results: list[Result]) -> None:
    floor = read()
    committed = sum(score >= GOOD for key, score in floor.items() if key[1] != "ERROR") / max(len(floor), 1)
    assert totals(results)["good_share"] >= committed - 1e-9
