"""The SWIG module thidua._thidua: how values cross, errors, ownership."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import thidua
from thidua import _thidua as t


def small_rulebook():
    b = t.td_rulebook_builder_new("demo")
    t.td_rulebook_builder_add_section(b, "A", "Section A", None)
    t.td_rulebook_builder_add_criterion(b, "A", "hh", None, 10)
    t.td_rulebook_builder_set_rule(b, "hh", {"kind": t.TD_RULE_PROPORTIONAL, "cap": 1})
    return t.td_rulebook_builder_build(b)


def small_cluster():
    c = t.td_cluster_new("cum", 2023)
    t.td_cluster_add_member(c, "u", "Đơn vị U")
    t.td_cluster_set_target(c, "u", "hh", 900)
    t.td_cluster_set_actual(c, "u", "hh", 950)
    return c


# ---- numbers --------------------------------------------------------------


def test_decimals_cross_exactly_both_ways():
    assert t.td_decimal_add(Decimal("0.1"), Decimal("0.2")) == Decimal("0.3")
    assert str(t.td_decimal_add("0.1", "0.2")) == "0.3"
    big = 10**37 + 1  # 38 digits survive exactly
    assert t.td_decimal_add(big, 0) == big
    assert t.td_decimal_div(1, 3, 12, t.TD_ROUNDING_HALF_UP) == Decimal("0.333333333333")
    assert t.td_decimal_round(Decimal("2.5"), 0, t.TD_ROUNDING_HALF_UP) == 3
    assert t.td_decimal_round(Decimal("-2.5"), 0, t.TD_ROUNDING_HALF_UP) == -3
    assert t.td_decimal_format(Decimal("1.50")) == "1.5"
    assert t.td_decimal_format_fixed(10, 2) == "10.00"
    assert t.td_decimal_to_int64(Decimal("42")) == 42
    assert t.td_decimal_cmp(Decimal("1.50"), "1.5") == 0


def test_decimal_from_parts_and_abs():
    assert t.td_decimal_from_parts(1055, 2) == Decimal("10.55")
    assert t.td_decimal_from_parts(-(2**63), 0) == -(2**63)  # the whole int64_t range
    with pytest.raises(thidua.RangeError, match="37"):
        t.td_decimal_from_parts(1, t.TD_DECIMAL_MAX_SCALE + 1)
    with pytest.raises(OverflowError):
        t.td_decimal_from_parts(2**63, 0)
    assert str(t.td_decimal_abs("-2.50")) == "2.5"
    assert t.td_decimal_abs(-(10**37)) == 10**37


def test_results_are_decimal_instances_with_exact_text():
    value = t.td_decimal_parse("1e-3")
    assert isinstance(value, Decimal) and str(value) == "0.001"
    assert str(t.td_decimal_parse("3.50")) == "3.5"  # normalised by the library


def test_floats_use_the_library_edge_conversion():
    # the shortest text that reads back as the same double, as in C
    assert t.td_decimal_from_double(0.1) == Decimal("0.1")
    assert t.td_decimal_add(0.1, 0.2) == Decimal("0.3")


def test_numpy_integers_cross_through_index():
    np = pytest.importorskip("numpy")
    assert t.td_decimal_add(np.int64(7), np.int32(5)) == 12


@pytest.mark.parametrize("bad", [True, None, [1], object(), b"1"])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError):
        t.td_decimal_add(bad, 1)


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), "abc", "1,5", "5%"])
def test_malformed_numbers_are_parse_errors(bad):
    with pytest.raises(thidua.ParseError):
        t.td_decimal_add(bad, 1)


@pytest.mark.parametrize("bad", [10**40, Decimal("1e-40"), float("inf"), float("nan")])
def test_out_of_range_numbers_are_range_errors(bad):
    with pytest.raises(thidua.RangeError):
        t.td_decimal_add(bad, 1)


def test_arithmetic_errors_map_to_their_classes():
    with pytest.raises(thidua.EvaluationError, match="division by zero"):
        t.td_decimal_div(1, 0, 2, t.TD_ROUNDING_HALF_UP)
    with pytest.raises(thidua.RangeError):
        t.td_decimal_mul(10**37, 10**37)
    with pytest.raises(thidua.RangeError):
        t.td_decimal_to_int64(Decimal("1.5"))


def test_parse_error_names_the_text_and_column():
    with pytest.raises(thidua.ParseError) as info:
        t.td_decimal_parse("1x5")
    assert "'1x5'" in info.value.message and "column 2" in info.value.message


# ---- text -------------------------------------------------------------------


def test_text_is_utf8_str_both_ways():
    c = small_cluster()
    assert t.td_cluster_member_name(c, 0) == "Đơn vị U"
    assert t.td_cluster_member_name(c, 5) is None


def test_text_with_nul_is_refused():
    c = t.td_cluster_new("cum", 2023)
    with pytest.raises(ValueError, match="NUL"):
        t.td_cluster_add_member(c, "a\0b", None)
    assert t.td_cluster_member_count(c) == 0


def test_text_that_is_not_str_is_a_type_error():
    c = t.td_cluster_new("cum", 2023)
    with pytest.raises(TypeError):
        t.td_cluster_add_member(c, b"bytes-id", None)


def test_lone_surrogates_cannot_be_encoded():
    c = t.td_cluster_new("cum", 2023)
    with pytest.raises(UnicodeEncodeError):
        t.td_cluster_add_member(c, "bad\udc80", None)


# ---- status, errors ---------------------------------------------------------


def test_strerror_and_version():
    assert t.td_strerror(t.TD_ENOMEM) == "out of memory"
    assert t.td_strerror(12345) == "unknown error"
    major, minor, patch = (int(p) for p in t.td_version().split("."))
    assert t.td_version_number() == major * 10000 + minor * 100 + patch


def test_every_status_code_has_its_exception_class():
    from thidua.errors import _from_c

    expected = {
        t.TD_ERROR: thidua.Error,
        t.TD_ENOMEM: thidua.OutOfMemoryError,
        t.TD_EINVAL: thidua.InvalidArgumentError,
        t.TD_ENOTFOUND: thidua.NotFoundError,
        t.TD_EEXISTS: thidua.DuplicateError,
        t.TD_ERANGE: thidua.RangeError,
        t.TD_EPARSE: thidua.ParseError,
        t.TD_ERULEBOOK: thidua.ValidationError,
        t.TD_EDATA: thidua.DataError,
        t.TD_ELIMIT: thidua.LimitError,
        t.TD_EEVAL: thidua.EvaluationError,
        t.TD_EIO: thidua.FileError,
    }
    for code, cls in expected.items():
        e = _from_c(code, "msg", "f.yaml", 3, 4)
        assert type(e) is cls and e.code == code
        assert str(e) == "f.yaml:3:4: msg"
        assert cls.status == "TD_" + thidua.Status(code).name


def test_failing_setter_leaves_the_object_unchanged():
    c = small_cluster()
    with pytest.raises(thidua.DuplicateError):
        t.td_cluster_set_actual(c, "u", "hh", 1)
    r = t.td_evaluate(small_rulebook(), c, None)
    assert t.td_result_actual(r, 0, 0) == 950


# ---- outputs --------------------------------------------------------------------


def test_optional_outputs_are_none_when_absent():
    rb = small_rulebook()
    assert t.td_rulebook_section_max(rb, 0) is None
    assert t.td_rulebook_section_max(rb, 99) is None
    b = t.td_rulebook_builder_new("capped")
    t.td_rulebook_builder_add_section(b, "A", None, Decimal("40.5"))
    t.td_rulebook_builder_add_criterion(b, "A", "hh", None, 10)
    t.td_rulebook_builder_set_rule(b, "hh", {"kind": t.TD_RULE_PROPORTIONAL, "cap": 1})
    assert t.td_rulebook_section_max(t.td_rulebook_builder_build(b), 0) == Decimal("40.5")


def test_result_accessors():
    r = t.td_evaluate(small_rulebook(), small_cluster(), None)
    assert t.td_result_target(r, 0, 0) == 900
    assert t.td_result_attainment(r, 0, 0) == Decimal("1.055556")
    assert t.td_result_met(r, 0, 0) == 1
    assert t.td_result_points(r, 0, 0) == 10
    assert t.td_result_find_member(r, "u") == 0
    with pytest.raises(thidua.NotFoundError):
        t.td_result_find_member(r, "nobody")
    assert t.td_result_target(r, 0, 7) is None
    explain = t.td_result_criterion_explain(r, 0, 0, t.TD_LANG_EN)
    assert explain.startswith("950 / 900 = 105.56 % (met)")


def test_criterion_explain_to_a_buffer_keeps_nothing():
    opts = t.td_eval_options()
    opts.explain = t.TD_EXPLAIN_ON_DEMAND
    lazy = t.td_evaluate(small_rulebook(), small_cluster(), opts)
    full = t.td_evaluate(small_rulebook(), small_cluster(), None)
    want = t.td_result_criterion_explain(full, 0, 0, t.TD_LANG_EN)
    text, needed = t.td_result_criterion_explain_to(256, lazy, 0, 0, t.TD_LANG_EN)
    assert (text, needed) == (want, len(want.encode("utf-8")))
    short, needed = t.td_result_criterion_explain_to(8, lazy, 0, 0, t.TD_LANG_EN)
    assert want.startswith(short) and len(short) < 8 and needed == len(want.encode("utf-8"))
    with pytest.raises(thidua.Error, match="no member 5"):
        t.td_result_criterion_explain_to(64, lazy, 5, 0, t.TD_LANG_EN)


def test_negative_index_is_refused_not_wrapped():
    r = t.td_evaluate(small_rulebook(), small_cluster(), None)
    with pytest.raises(OverflowError):
        t.td_result_member_total(r, -1)


# ---- ownership --------------------------------------------------------------------


def test_free_takes_the_object_and_a_second_free_is_refused():
    rb = small_rulebook()
    t.td_rulebook_free(rb)
    assert t.td_rulebook_id(rb) is None  # the proxy now holds NULL
    with pytest.raises(ValueError, match="not owned"):
        t.td_rulebook_free(rb)
    t.td_rulebook_free(None)  # as in C, freeing nothing is fine


def test_using_a_freed_object_fails_cleanly():
    c = small_cluster()
    t.td_cluster_free(c)
    with pytest.raises(thidua.InvalidArgumentError):
        t.td_cluster_add_member(c, "x", None)
    with pytest.raises(thidua.InvalidArgumentError):
        t.td_evaluate(small_rulebook(), c, None)


def test_borrowed_rulebook_keeps_the_result_alive_and_cannot_be_freed():
    rb = small_rulebook()
    r = t.td_evaluate(rb, small_cluster(), None)
    del rb
    borrowed = t.td_result_rulebook(r)
    del r  # the proxy holds the result, which holds the rulebook
    assert t.td_rulebook_id(borrowed) == "demo"
    with pytest.raises(ValueError, match="not owned"):
        t.td_rulebook_free(borrowed)


def test_result_outlives_its_rulebook():
    rb = small_rulebook()
    r = t.td_evaluate(rb, small_cluster(), None)
    t.td_rulebook_free(rb)
    assert t.td_result_member_total(r, 0) == 10
    assert t.td_rulebook_id(t.td_result_rulebook(r)) == "demo"


def test_wrong_object_type_is_a_type_error():
    with pytest.raises(TypeError):
        t.td_evaluate(small_cluster(), small_rulebook(), None)


def test_eval_options_have_the_right_version():
    opts = t.td_eval_options()
    assert opts.version == t.TD_EVAL_OPTIONS_VERSION
    r = t.td_evaluate(small_rulebook(), small_cluster(), opts)
    assert t.td_result_member_count(r) == 1


# ---- files and reports -----------------------------------------------------------

HAS_IO = hasattr(t, "td_rulebook_load_file")


@pytest.mark.skipif(not HAS_IO, reason="this build has no file readers or report writers (THIDUA_IO=OFF)")
def test_report_format_names_and_parsing_agree():
    codes = [getattr(t, f"TD_REPORT_FORMAT_{n}") for n in ("TABLE", "JSON", "CSV", "MD", "HTML", "XLSX", "EXPLAIN",
                                                               "STATUSES", "PDF")]
    for code in codes:
        assert t.td_report_format_parse(t.td_report_format_name(code)) == code
    assert t.td_report_format_name(max(codes) + 1) is None
    with pytest.raises(thidua.InvalidArgumentError, match="docx"):
        t.td_report_format_parse("docx")


@pytest.mark.skipif(not HAS_IO, reason="this build has no file readers or report writers (THIDUA_IO=OFF)")
def test_report_options_reach_the_library_as_given():
    r = t.td_evaluate(small_rulebook(), small_cluster(), None)
    en = t.td_report_render(r, t.TD_REPORT_FORMAT_EXPLAIN, {"lang": t.TD_LANG_EN, "unit": "u"}).decode()
    vi = t.td_report_render(r, t.TD_REPORT_FORMAT_EXPLAIN, {"unit": "u"}).decode()
    assert "(met)" in en and "(đạt)" in vi
    with pytest.raises(thidua.InvalidArgumentError, match="unknown language 7"):
        t.td_report_render(r, t.TD_REPORT_FORMAT_TABLE, {"lang": 7})  # not replaced by Vietnamese
    with pytest.raises(OverflowError):
        t.td_report_render(r, t.TD_REPORT_FORMAT_TABLE, {"lang": 2**40})
    with pytest.raises(TypeError, match="unknown option 'colour'"):
        t.td_report_render(r, t.TD_REPORT_FORMAT_TABLE, {"colour": 1})


@pytest.mark.skipif(not HAS_IO, reason="this build has no file readers (THIDUA_IO=OFF)")
def test_cluster_load_file(tmp_path):
    case = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"
    c = t.td_cluster_load_file(str(case / "data.yaml"), None, None)
    assert (t.td_cluster_id(c), t.td_cluster_period(c), t.td_cluster_leader(c)) == ("cum-2", 2023, "tan-uyen")
    assert t.td_cluster_member_count(c) == 4
    rb = t.td_rulebook_load_file(str(case / "rulebook.yaml"), None)
    bad = tmp_path / "data.yaml"
    bad.write_text("thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: u}]}\nresults: {u: {hh_rat: 1}}\n",
                   encoding="utf-8")
    with pytest.raises(thidua.DataError, match="hh_rat") as info:
        t.td_cluster_load_file(str(bad), rb, None)  # checked against the rulebook
    assert (info.value.file, info.value.line) == (str(bad), 4)
    opts = t.td_load_options()
    opts.max_bytes = 16
    with pytest.raises(thidua.LimitError):
        t.td_cluster_load_file(str(bad), None, opts)
