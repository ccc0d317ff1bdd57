"""Every exception class, raised by a real bad input, with its message and
(where the value has one) its position."""

from __future__ import annotations

import decimal
import pickle
from decimal import Decimal

import pytest

import thidua
from thidua.rules import Bands, Expr, Proportional


def builder(id: str = "rb") -> thidua.RulebookBuilder:
    return (thidua.RulebookBuilder(id)
            .add_section("A", "Section A")
            .add_criterion("A", "hh", max=10, rule=Proportional()))


def one_member(**values) -> thidua.Cluster:
    c = thidua.Cluster("cum", 2023).add_member("u", "Unit U")
    for measure, (target, actual) in values.items():
        if target is not None:
            c.set_target("u", measure, target)
        if actual is not None:
            c.set_actual("u", measure, actual)
    return c


def test_parse_error_in_an_expression_has_line_and_column():
    b = builder().add_classification("good", min=1, when="total >= ").add_classification("other")
    with pytest.raises(thidua.ParseError) as info:
        b.build()
    e = info.value
    assert (e.line, e.column) == (1, 10)
    assert "classification 'good' when" in e.message
    assert str(e) == f"1:10: {e.message}"
    assert isinstance(e, ValueError)


def test_unknown_name_is_a_parse_error_with_a_suggestion():
    b = builder().add_classification("good", min=1, when="totl >= 3").add_classification("other")
    with pytest.raises(thidua.ParseError, match="did you mean 'total'") as info:
        b.build()
    assert info.value.column == 1


def test_validation_error_for_an_inconsistent_rulebook():
    with pytest.raises(thidua.ValidationError, match="section 'S' has no criterion"):
        thidua.RulebookBuilder("empty").add_section("S").build()
    with pytest.raises(thidua.ValidationError, match="descending"):
        builder().add_criterion("A", "b", max=10, rule=Bands([(1, 10), (2, 5)]))


RULEBOOK_HEAD = """thidua: 1
id: rb
sections:
  - id: A
    criteria:
      - {id: hh, max: 10, rule: {kind: proportional}}
"""


@pytest.mark.parametrize("when, column, name", [
    ("rank == 1", 31, "rank"),
    ("total > 1 and award('w')", 45, "award"),
])
def test_validation_error_for_a_stage_violation_in_a_loaded_rulebook(when, column, name):
    # the contract's order of computation: classification comes before
    # ranking and awards, so using them there is a rulebook error
    text = (RULEBOOK_HEAD + f'classification:\n  - {{id: good, min: 1, when: "{when}"}}\n  - {{id: other}}\n'
            "awards:\n  - {id: w}\n")
    with pytest.raises(thidua.ValidationError) as info:
        thidua.Rulebook.loads(text, name="r.yaml")
    e = info.value
    assert (e.file, e.line, e.column) == ("r.yaml", 8, column)
    assert e.message.startswith(f"classification 'good' when: a classification condition cannot use {name}")
    assert str(e) == f"r.yaml:8:{column}: {e.message}"


def test_validation_error_for_a_stage_violation_in_a_ranking_key():
    text = RULEBOOK_HEAD + 'ranking:\n  by: ["total desc", "rank asc"]\n'
    with pytest.raises(thidua.ValidationError, match="a ranking key cannot use rank") as info:
        thidua.Rulebook.loads(text, name="r.yaml")
    assert (info.value.line, info.value.column) == (8, 23)
    b = builder().add_ranking_key("if(award('w'), 1, 0)").add_award("w")
    with pytest.raises(thidua.ValidationError, match="a ranking key cannot use award") as info:
        b.build()
    assert (info.value.line, info.value.column) == (1, 4)


def test_validation_error_for_an_award_not_decided_yet():
    # awards are decided in the listed order: award() may name earlier ones only
    text = RULEBOOK_HEAD + 'awards:\n  - {id: first, when: "award(\'second\')"}\n  - {id: second}\n'
    with pytest.raises(thidua.ValidationError, match="award 'second' is not decided yet here") as info:
        thidua.Rulebook.loads(text, name="r.yaml")
    assert (info.value.file, info.value.line, info.value.column) == ("r.yaml", 8, 30)
    with pytest.raises(thidua.ParseError, match="unknown award 'nothing'"):
        thidua.Rulebook.loads(text.replace("second')", "nothing')"), name="r.yaml")


@pytest.mark.parametrize("rule, words", [
    (Bands([(1, 12)]), "band points 12 of criterion 'b' exceeds its max 10"),
    ({"kind": "rank", "points": [10, 11]}, "rank points 11 of criterion 'b' exceeds its max 10"),
    ({"kind": "shortfall", "deduct": 1, "per": 5, "min": 12}, "shortfall min 12 of criterion 'b' exceeds its max 10"),
])
def test_validation_error_for_points_above_the_criterion_max(rule, words):
    with pytest.raises(thidua.ValidationError, match=words):
        builder().add_criterion("A", "b", max=10, rule=rule)


@pytest.mark.parametrize("rule, line, column, words", [
    ("{kind: bands, bands: [{at: 1, points: 12}]}", 7, 70, "band points 12 of criterion 'b' exceeds its max 10"),
    ("{kind: bands, bands: [{at: 1, points: 5}, {at: 2, points: 12}]}", 7, 79, "descending 'at': 2 follows 1"),
    ("{kind: rank, points: [10, 11]}", 7, 58, "rank points 11 of criterion 'b' exceeds its max 10"),
    ("{kind: shortfall, deduct: 1, per: 5, min: 12}", 7, 74, "shortfall min 12 of criterion 'b' exceeds its max 10"),
])
def test_validation_error_with_position_for_a_loaded_rule_above_max(rule, line, column, words):
    text = RULEBOOK_HEAD + f"      - {{id: b, max: 10, rule: {rule}}}\n"
    with pytest.raises(thidua.ValidationError) as info:
        thidua.Rulebook.loads(text, name="r.yaml")
    e = info.value
    assert words in e.message
    assert (e.file, e.line, e.column) == ("r.yaml", line, column)


def test_validation_error_for_a_quota_with_count_and_percent():
    with pytest.raises(thidua.ValidationError, match="not both"):
        builder().add_award("w", quota={"count": 1, "percent": 10})
    text = RULEBOOK_HEAD + "awards:\n  - {id: w, quota: {count: 1, percent: 10}}\n"
    with pytest.raises(thidua.ValidationError, match="not both") as info:
        thidua.Rulebook.loads(text, name="r.yaml")
    assert info.value.file == "r.yaml" and info.value.line == 8


def test_limit_error_for_an_expression_too_long_or_too_deep():
    too_long = " + ".join(["1"] * 2000) + " > 0"
    b = builder().add_classification("good", min=1, when=too_long).add_classification("other")
    with pytest.raises(thidua.LimitError, match="limit is 4096") as info:
        b.build()
    assert info.value.line == 1
    too_deep = "(" * 100 + "1" + ")" * 100 + " > 0"
    b = builder().add_classification("good", min=1, when=too_deep).add_classification("other")
    with pytest.raises(thidua.LimitError, match="deeper than 64") as info:
        b.build()
    assert info.value.column is not None and info.value.column > 1


def test_limit_error_for_a_workbook_wider_than_a_sheet(tmp_path, xlsx_writer):
    # one column per member in the Criterion points sheet: 16,381 fit
    c = thidua.Cluster("cum", 2023)
    for i in range(16382):
        c.add_member(f"u{i}").set_target(f"u{i}", "hh", 100).set_actual(f"u{i}", "hh", 50 + i % 60)
    result = thidua.evaluate(builder().build(), c)
    with pytest.raises(thidua.LimitError, match="16382 members do not fit") as info:
        result.write(tmp_path / "wide.xlsx", lang="en")
    assert "'Criterion points'" in str(info.value)
    with pytest.raises(thidua.LimitError, match="at most 16381 members"):
        result.render("xlsx")
    assert list(tmp_path.iterdir()) == []
    result.write(tmp_path / "wide.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["wide.csv"]


def test_data_error_names_unit_and_measure():
    with pytest.raises(thidua.DataError) as info:
        thidua.evaluate(builder().build(), one_member(hh=(None, 5)))
    assert "'u'" in info.value.message and "'hh'" in info.value.message


def test_evaluation_error_in_an_expression_rule_has_its_column():
    rb = builder().add_criterion("A", "x", max=10, rule=Expr("5 + 1 / (actual(hh) - actual(hh))")).build()
    with pytest.raises(thidua.EvaluationError, match="division by zero") as info:
        thidua.evaluate(rb, one_member(hh=(1, 1), x=(1, 1)))  # expr needs a target and an actual too
    assert info.value.line == 1 and info.value.column == 9  # the divisor
    assert info.value.file is None  # a rulebook built in code: the place within the expression
    assert isinstance(info.value, ArithmeticError)


def test_an_expr_criterion_needs_a_target_and_an_actual():
    rb = builder().add_criterion("A", "x", max=10, rule=Expr("members")).build()
    with pytest.raises(thidua.DataError, match=r"unit 'u' has no target for measure 'x' \(criterion 'x'\)"):
        thidua.evaluate(rb, one_member(hh=(1, 1), x=(None, 1)))
    with pytest.raises(thidua.DataError, match="unit 'u' has no actual result for measure 'x'"):
        thidua.evaluate(rb, one_member(hh=(1, 1), x=(1, None)))
    assert thidua.evaluate(rb, one_member(hh=(1, 1), x=(1, 1)))["u"].criterion("x").met is True


def test_range_error_for_a_negative_value_or_bad_precision():
    with pytest.raises(thidua.RangeError, match="-1"):
        one_member(hh=(None, -1))
    with pytest.raises(thidua.RangeError, match="precision"):
        thidua.RulebookBuilder("rb", precision=13)


def test_duplicate_error_for_a_value_given_twice():
    c = one_member(hh=(900, 950))
    with pytest.raises(thidua.DuplicateError):
        c.set_actual("u", "hh", 951)
    with pytest.raises(thidua.DuplicateError):
        c.add_member("u")


def test_not_found_error_for_a_unit_that_is_not_a_member():
    c = one_member()
    with pytest.raises(thidua.NotFoundError, match="'v'") as info:
        c.set_actual("v", "hh", 1)
    assert isinstance(info.value, LookupError)


def test_invalid_argument_error_for_an_empty_id():
    with pytest.raises(thidua.InvalidArgumentError, match="empty"):
        thidua.RulebookBuilder("")


def test_invalid_argument_error_from_a_document_has_its_position():
    with pytest.raises(thidua.InvalidArgumentError) as info:
        thidua.Rulebook.loads('thidua: 1\nid: ""\nsections: []\n', name="x.yaml")
    e = info.value
    assert (e.file, e.line, e.column) == ("x.yaml", 2, 5)
    assert e.message == "rulebook id is empty"
    assert str(e) == "x.yaml:2:5: rulebook id is empty"
    assert isinstance(e, ValueError)


def test_a_document_naming_an_unknown_unit_is_a_data_error_with_its_position():
    # The API reports a unit that is not a member as NotFoundError (above);
    # documents never do: the readers check every unit against the cluster
    # and report a DataError at the place, so no NotFoundError comes from a
    # file.
    rb = builder().build()
    data = "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: u}]}\ntargets: {zz: {hh: 1}}\n"
    with pytest.raises(thidua.DataError) as info:
        thidua.Cluster.loads(data, rulebook=rb, name="d.yaml")
    e = info.value
    assert not isinstance(e, thidua.NotFoundError)
    assert "'zz'" in e.message and e.line == 4 and e.column == 11


def test_an_id_with_an_escape_sequence_is_refused_and_shown_escaped():
    c = thidua.Cluster("cum", 2023)
    with pytest.raises(thidua.InvalidArgumentError) as info:
        c.add_member("u\x1b[31m")
    e = info.value
    assert e.message.startswith(r"unit id 'u\x1b[31m' contains U+001B, a control character (byte 2)")
    assert "\x1b" not in str(e)  # nothing a terminal would act on
    with pytest.raises(thidua.InvalidArgumentError, match=r"contains U\+200B, an invisible"):
        thidua.RulebookBuilder("rb").add_section("A\u200b")
    with pytest.raises(thidua.InvalidArgumentError, match=r"'co\\u\{202e\}aud' contains U\+202E"):
        builder().add_award("co\u202eaud")
    # names keep tabs, line breaks and any Unicode, but no other control
    c.add_member("u1", "Tên\tđơn vị\n").add_member("u2", "\u200fعربي")
    with pytest.raises(thidua.InvalidArgumentError, match=r"'bell\\x07' contains U\+0007"):
        c.add_member("u3", "bell\a")


def test_a_hidden_character_in_a_document_id_is_a_parse_error_at_the_character():
    text = RULEBOOK_HEAD.replace("- id: A", '- id: "A\\u202Egnp"')
    with pytest.raises(thidua.ParseError) as info:
        thidua.Rulebook.loads(text, name="rb.yaml")
    e = info.value
    assert (e.file, e.line) == ("rb.yaml", 4)
    assert r"the id 'A\u{202e}gnp' contains U+202E, a bidirectional control (byte 2)" in e.message
    assert "\u202e" not in str(e)


def test_a_number_split_by_a_comma_in_a_flow_mapping_is_a_parse_error_with_a_hint():
    rb = builder().build()
    data = "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [u]}\nresults: {u: {hh: 3.563,5}}\n"
    with pytest.raises(thidua.ParseError) as info:
        thidua.Cluster.loads(data, rulebook=rb, name="d.yaml")
    e = info.value
    assert (e.file, e.line, e.column) == ("d.yaml", 4, 25)
    assert "key '5' has no value: a decimal comma or a thousands separator" in e.message
    assert "write 3563.5" in e.message
    # a blank value is "not given", but its key must still be a known measure
    data = "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [u]}\nresults: {u: {hj: }}\n"
    with pytest.raises(thidua.DataError, match="unknown measure 'hj'"):
        thidua.Cluster.loads(data, rulebook=rb, name="d.yaml")


def test_errors_pickle_with_their_position():
    e = thidua.ParseError("bad", file="a.yaml", line=2, column=7)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is thidua.ParseError
    assert (back.message, back.file, back.line, back.column) == ("bad", "a.yaml", 2, 7)
    assert str(back) == "a.yaml:2:7: bad"
    assert repr(back) == "ParseError('bad', file='a.yaml', line=2, column=7)"


def test_file_error_is_an_oserror_that_keeps_the_position_in_str():
    e = thidua.FileError("cannot open: No such file", file="x.yaml")
    assert isinstance(e, OSError) and str(e) == "x.yaml: cannot open: No such file"


def test_python_side_checks_name_what_is_wrong():
    with pytest.raises(ValueError, match="unknown kind 'porportional'"):
        builder().add_criterion("A", "c", max=1, rule={"kind": "porportional"})
    with pytest.raises(ValueError, match="expected one of 'higher', 'lower'"):
        builder().add_criterion("A", "c", max=1, rule=Proportional(), direction="down")
    with pytest.raises(thidua.ParseError, match="'%' is not allowed"):
        builder().add_criterion("A", "c", max=1, rule={"kind": "shortfall", "deduct": 1, "per": "5%"})
    with pytest.raises(TypeError, match="bool"):
        builder().add_section("B", max=True)


def test_percent_text_means_hundredths_where_allowed():
    rb = builder().add_criterion("A", "t", max=10, rule={"kind": "threshold", "at": "95%"}).build()
    r = thidua.evaluate(rb, one_member(hh=(100, 100), t=(100, 95)))
    assert r["u"].criterion("t").points == 10
    r = thidua.evaluate(rb, one_member(hh=(100, 100), t=(100, Decimal("94.9"))))
    assert r["u"].criterion("t").points == 0


def test_percent_text_is_exact_whatever_the_decimal_context():
    # Python's decimal context (28 digits by default, or whatever a program
    # sets) must not round a percentage: the library's numbers are exact.
    def threshold_points(at, actual):
        rb = builder().add_criterion("A", "t", max=10, rule={"kind": "threshold", "at": at}).build()
        return thidua.evaluate(rb, one_member(hh=(1, 1), t=(10000, actual)))["u"].criterion("t").points

    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert threshold_points("99.95%", 9996) == 10  # 0.9996 >= 0.9995, not >= 1.00
        assert threshold_points("99.95%", 9994) == 0
    # more digits than the default context holds (28): not rounded to 0.1234567890…5679
    long = "12.3456789012345678901234567890123"
    rb = builder().add_criterion("A", "t", max=10, rule=Bands([(f"{long}%", 10)], of="actual")).build()
    r = thidua.evaluate(rb, one_member(hh=(1, 1), t=(None, "0.123456789012345678901234567890123")))
    assert r["u"].criterion("t").points == 10
    # the number before '%' is read as the library reads numbers
    with pytest.raises(thidua.ParseError, match="'1_000%' is not a percentage"):
        builder().add_criterion("A", "t", max=10, rule={"kind": "threshold", "at": "1_000%"})
