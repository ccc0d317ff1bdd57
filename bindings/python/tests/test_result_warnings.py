"""Result warnings: an award whose condition holds for no member
(docs/warnings.md), in Result.warnings and through Python's warnings."""
from __future__ import annotations

import warnings

import pytest

import thidua

HAS_READERS = hasattr(thidua._thidua, "td_rulebook_load_string")


def scored(points):
    c = thidua.Cluster("k", 2024)
    for unit, p in zip("abc", points):
        c.add_member(unit).set_score(unit, "m", p)
    return c


def rulebook(when):
    return (thidua.RulebookBuilder("r").add_section("A")
            .add_criterion("A", "m", max=10, rule={"kind": "manual"})
            .add_award("top", when=when).build())


def test_an_award_nobody_meets_is_a_warning():
    rb = rulebook("total >= 95")  # on a 10-point table
    with pytest.warns(thidua.ResultWarning) as caught:
        res = thidua.evaluate(rb, scored([4, 7, 9]))
    assert [w.code for w in res.warnings] == ["award-nobody-eligible"]
    assert [w.message for w in caught] == list(res.warnings)
    assert caught[0].filename == __file__  # issued at the caller's line
    w = res.warnings[0]
    assert isinstance(w, thidua.ThiduaWarning)
    assert "award 'top': its condition (when) holds for none of the 3 members of cluster 'k'" in w.message
    assert (w.file, w.line, w.column) == (None, None, None)  # built in code: no place
    assert all(m.awards[0].status == thidua.AwardStatus.NOT_ELIGIBLE for m in res.members)
    # through Rulebook.evaluate, at the caller's line too
    with pytest.warns(thidua.ResultWarning) as again:
        rb.evaluate(scored([4, 7, 9]))
    assert again[0].filename == __file__


def test_an_award_someone_meets_is_silent_and_warnings_can_be_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", thidua.ThiduaWarning)
        res = thidua.evaluate(rulebook("total >= 9"), scored([4, 7, 9]))
        assert res.warnings == ()
        assert thidua.evaluate(rulebook(None), scored([4, 7, 9])).warnings == ()
        with pytest.raises(thidua.ResultWarning, match="award-nobody-eligible"):
            thidua.evaluate(rulebook("total > 10"), scored([4, 7, 9]))


@pytest.mark.skipif(not HAS_READERS, reason="this build has no file readers (THIDUA_IO=OFF)")
def test_the_warning_stands_at_the_condition_in_the_rulebook_file():
    text = """\
thidua: 1
id: r
sections:
  - id: A
    criteria:
      - {id: m, max: 10, rule: {kind: manual}}
awards:
  - id: top
    when: "total >= 95"
"""
    rb = thidua.Rulebook.loads(text, name="r.yaml")
    with pytest.warns(thidua.ResultWarning):
        res = rb.evaluate(scored([4, 7, 9]))
    w = res.warnings[0]
    assert (w.file, w.line) == ("r.yaml", 9)
    assert w.column == 12  # the first byte of the condition, inside the quotes
    assert str(w).startswith("r.yaml:9:12: award 'top'")
