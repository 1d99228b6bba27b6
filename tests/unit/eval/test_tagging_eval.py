"""assist eval tagging's coverage against accuracy: the most confident share of rows, ranked honestly."""

from __future__ import annotations

from assist.eval.tagging_eval import coverage_curve


def test_the_curve_keeps_the_most_confident_rows_first() -> None:
    confidence = [0.2, 0.9, 0.5, 0.8, 0.3, 0.7, 0.6, 0.4, 0.95, 0.1]
    correct = [False, True, True, True, False, True, False, True, True, False]
    curve = coverage_curve(confidence, correct, (1.0, 0.5, 0.3, 0.1))
    assert curve == [{"coverage": 1.0, "accuracy": 0.6}, {"coverage": 0.5, "accuracy": 0.8},
                     {"coverage": 0.3, "accuracy": 1.0}, {"coverage": 0.1, "accuracy": 1.0}]
    # The least confident rows come in last, so here accuracy only falls as coverage grows.
    assert coverage_curve([0.9, 0.1], [True, False], (0.5, 1.0)) == [{"coverage": 0.5, "accuracy": 1.0},
                                                                     {"coverage": 1.0, "accuracy": 0.5}]
