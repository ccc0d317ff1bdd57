"""Compiled expressions (td_expr_*) from Python."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

import thidua


@pytest.fixture(scope="module")
def result(lai_chau):
    return thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data(), lang="en")


def test_number_boolean_and_text_values(result):
    rb = result.rulebook
    total = rb.compile("total * 2")
    assert total.type == "number" and total.evaluate(result, "tan-uyen") == Decimal("193.32")
    cond = rb.compile("attainment(hh_achieved) >= 1 and rank <= 2")
    assert cond.type == "boolean"
    assert cond.evaluate_all(result) == {"tp-lai-chau": True, "tan-uyen": False, "than-uyen": False,
                                        "tam-duong": False}
    assert cond.explain(result, "tan-uyen") == "attainment(hh_achieved) = 0.988372 < 1"
    text = rb.compile("classification")
    assert text.type == "text" and text.evaluate(result, 3) == "hoan_thanh"
    assert isinstance(total.evaluate(result, 0), Decimal)


def test_host_variables_by_name(result):
    margin = result.rulebook.compile("total - line", variables=["line"])
    assert margin.variables == ("line",)
    assert margin.evaluate(result, "tan-uyen", line=90) == Decimal("6.66")
    assert margin.evaluate(result, "tan-uyen", line="96.5") == Decimal("0.16")
    assert margin.explain(result, "tan-uyen", line=90) == "total - line = 6.66"
    with pytest.raises(TypeError, match="missing line"):
        margin.evaluate(result, "tan-uyen")
    with pytest.raises(TypeError, match="unknown other"):
        margin.evaluate(result, "tan-uyen", line=1, other=2)


def test_canonical_form_and_repr(result):
    e = result.rulebook.compile("total >= 90 and met(loans)")
    assert e.canonical == "((total >= 90) and met('loans'))"
    assert repr(e) == "<Expression 'total >= 90 and met(loans)' (boolean)>"
    again = result.rulebook.compile(e.canonical)
    assert again.evaluate_all(result) == e.evaluate_all(result)


def test_compile_errors_have_their_column(result):
    rb = result.rulebook
    with pytest.raises(thidua.ParseError, match="did you mean 'total'") as info:
        rb.compile("1 + totl")
    assert (info.value.line, info.value.column) == (1, 5)
    with pytest.raises(thidua.LimitError):
        rb.compile("total + total", max_bytes=5)
    with pytest.raises(thidua.InvalidArgumentError, match="'rank'"):
        rb.compile("rank", variables=["rank"])


def test_evaluation_errors_have_their_column(result):
    e = result.rulebook.compile("total / (rank - 1)")
    with pytest.raises(thidua.EvaluationError, match="division by zero") as info:
        e.evaluate(result, "tp-lai-chau")
    assert info.value.column == 9  # the opening parenthesis of the divisor
    assert e.evaluate(result, "tan-uyen") == Decimal("96.66")
    with pytest.raises(thidua.NotFoundError):
        e.evaluate(result, "nobody")


def test_result_of_another_rulebook_is_refused(lai_chau, result):
    other = lai_chau.build_rulebook()
    e = other.compile("total")
    with pytest.raises(thidua.InvalidArgumentError):
        e.evaluate(result, 0)


def test_long_explanations_are_complete(result):
    text = " + ".join(f"points({c.id})" for c in result.rulebook.criteria) + " > 0"
    e = result.rulebook.compile(" and ".join([text] * 6), max_bytes=8192)
    explained = e.explain(result, "tan-uyen")
    assert len(explained.encode()) > 512 and explained.count("points(hh_registered)") >= 6


def test_expression_keeps_its_rulebook_alive(lai_chau):
    rb = lai_chau.build_rulebook()
    e = rb.compile("total")
    result = thidua.evaluate(rb, lai_chau.cluster_data())
    del rb
    assert e.evaluate(result, 0) == 99


def test_expressions_from_several_threads(result):
    e = result.rulebook.compile("total - line", variables=["line"])
    expected = {u: v for u, v in e.evaluate_all(result, line=50).items()}
    outcomes = []

    def work():
        for _ in range(200):
            outcomes.append(e.evaluate_all(result, line=50) == expected)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 1200 and all(outcomes)


def test_builder_expression_limits():
    long_when = " + ".join(["total"] * 1000) + " > 0"
    b = (thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule={"kind": "manual"})
         .add_classification("x", min=1, when=long_when).add_classification("y"))
    with pytest.raises(thidua.LimitError):
        b.build()
    b.set_expression_limits(max_bytes=16384)
    assert [c.id for c in b.build().classifications] == ["x", "y"]
