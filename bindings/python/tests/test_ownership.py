"""Ownership and threads: objects freed exactly once, results keep their
rulebook alive, evaluations run in parallel without the GIL, and no memory
leaks over many create/evaluate/free cycles.

The leak test runs THIDUA_LEAK_CYCLES cycles (2,000 by default); measure
the big run on demand with THIDUA_LEAK_CYCLES=1000000.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import tracemalloc
import weakref
from decimal import Decimal

import pytest

import thidua
from thidua.rules import Proportional, Rank, Shortfall


def test_deleting_the_rulebook_while_a_result_lives(lai_chau, lai_chau_cluster):
    rb = lai_chau.build_rulebook()
    result = thidua.evaluate(rb, lai_chau_cluster)
    del rb
    gc.collect()
    assert result["tan-uyen"].total == Decimal("96.66")
    assert result.rulebook.id == "hnd-cum2"

    # Below the Python objects: once no Python object refers to the
    # rulebook, its proxy is collected, and the C result's reference keeps
    # the C rulebook alive.
    low = thidua._thidua
    handle = result._c
    ref = weakref.ref(result.rulebook)
    del result
    gc.collect()
    assert ref() is None
    assert low.td_rulebook_id(low.td_result_rulebook(handle)) == "hnd-cum2"
    assert low.td_result_member_total(handle, 1) == Decimal("96.66")


def test_result_survives_its_cluster(lai_chau_rulebook, lai_chau):
    cluster = thidua.Cluster.from_dict(lai_chau.cluster_data())
    result = thidua.evaluate(lai_chau_rulebook, cluster)
    del cluster
    gc.collect()
    assert result["tan-uyen"].total == Decimal("96.66")


def test_objects_are_collected(lai_chau_rulebook, lai_chau):
    cluster = thidua.Cluster.from_dict(lai_chau.cluster_data())
    result = thidua.evaluate(lai_chau_rulebook, cluster)
    refs = [weakref.ref(cluster), weakref.ref(result)]
    del cluster, result
    gc.collect()
    assert all(r() is None for r in refs)


def test_evaluating_from_several_threads_at_once(lai_chau, lai_chau_rulebook):
    cluster = thidua.Cluster.from_dict(lai_chau.cluster_data())
    expected = thidua.evaluate(lai_chau_rulebook, cluster).to_dict()
    outcomes, errors = [], []
    start = threading.Barrier(8)

    def work():
        try:
            start.wait()
            for _ in range(40):
                outcomes.append(thidua.evaluate(lai_chau_rulebook, cluster).to_dict())
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(outcomes) == 8 * 40
    assert all(o == expected for o in outcomes)


def big_case(members: int):
    rb = (thidua.RulebookBuilder("big").add_section("A")
          .add_criterion("A", "a", max=10, rule=Proportional())
          .add_criterion("A", "b", max=10, rule=Shortfall(deduct=1, per=5, step="ceil"))
          .add_criterion("A", "c", max=10, rule=Rank([10, 9, 8, 7, 6, 5]))
          .add_ranking_key("total desc").add_ranking_key("count_met() desc")
          .build())
    c = thidua.Cluster("big", 2023)
    low = thidua._thidua
    for i in range(members):
        unit = f"u{i:05d}"
        low.td_cluster_add_member(c._c, unit, None)
        for measure, target, actual in (("a", 100, 50 + i % 97), ("b", 100, 60 + i % 53), ("c", 100, 40 + i % 89)):
            low.td_cluster_set_target(c._c, unit, measure, target)
            low.td_cluster_set_actual(c._c, unit, measure, actual)
    return rb, c


def test_the_gil_is_released_during_evaluation():
    # One call must last much longer than the interpreter's switch interval
    # for a held GIL to show: grow the cluster until it does.
    members = 1000
    while True:
        rb, cluster = big_case(members)
        t0 = time.perf_counter()
        thidua.evaluate(rb, cluster)
        one_call = time.perf_counter() - t0
        if one_call >= 0.1 or members >= 256_000:
            break
        members *= 4
    stamps = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())

    th = threading.Thread(target=ticker)
    th.start()
    time.sleep(0.02)
    calls = []
    for _ in range(4):
        t0 = time.perf_counter()
        thidua._thidua.td_evaluate(rb._c, cluster._c, None)
        calls.append((t0, time.perf_counter()))
    stop.set()
    th.join()
    # With the GIL held during a call, the ticker can run at most just
    # after the call starts (before the switch interval hands the GIL back),
    # never in the middle of it. Released, it runs there unless the machine
    # starves it for the middle half of every call.
    middles = [sum(1 for s in stamps if t0 + (t1 - t0) / 4 < s < t1 - (t1 - t0) / 4) for t0, t1 in calls]
    assert any(middles), f"the ticker never ran in the middle of a {one_call:.3f}s call: {middles}"


def test_no_thread_runs_while_a_builder_builds():
    # A builder is mutable: if the build ran without the GIL, another thread
    # could add to the builder while the library reads it. So the build
    # keeps the GIL, and no other Python thread runs during it. With a huge
    # switch interval this thread never hands the GIL over on its own; the
    # ticker runs only where it is released.
    b = thidua.RulebookBuilder("big").add_section("A")
    for i in range(3000):
        b.add_criterion("A", f"c{i}", max=10, rule={"kind": "expr", "expr": f"attainment(c{i}) * 10"})
    low = thidua._thidua
    stamps = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0)  # releases the GIL, so that this thread never keeps it

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    th = threading.Thread(target=ticker)
    try:
        th.start()
        time.sleep(0.02)
        calls = []
        for _ in range(5):
            t0 = time.perf_counter()
            low.td_rulebook_builder_build(b._c)
            calls.append((t0, time.perf_counter()))
        stop.set()
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        th.join()
    assert stamps, "the ticker never ran"
    inside = [sum(1 for s in stamps if t0 < s < t1) for t0, t1 in calls]
    assert inside == [0] * len(calls), f"another thread ran during a build: {inside}"


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def one_cycle(lai_chau):
    rb = lai_chau.build_rulebook()
    cluster = thidua.Cluster.from_dict(lai_chau.cluster_data())
    result = thidua.evaluate(rb, cluster)
    d = result.to_dict()
    assert d["members"][0]["total"] == 99


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc for RSS")
def test_no_leak_over_many_cycles(lai_chau):
    cycles = int(os.environ.get("THIDUA_LEAK_CYCLES", "2000"))
    for _ in range(max(cycles // 4, 200)):  # warm up caches, arenas and interned strings
        one_cycle(lai_chau)
    gc.collect()
    rss_before = rss_kib()
    for _ in range(cycles):
        one_cycle(lai_chau)
    gc.collect()
    rss_after = rss_kib()
    # A cycle allocates some 100 KiB in C and Python; one leaked object per
    # cycle would show as cycles × its size.
    assert rss_after - rss_before < 2048, f"RSS grew by {rss_after - rss_before} KiB over {cycles} cycles"

    # tracemalloc sees every Python allocation (and slows them down: fewer cycles).
    traced = max(cycles // 10, 200)
    tracemalloc.start()
    one_cycle(lai_chau)
    gc.collect()
    py_before = tracemalloc.get_traced_memory()[0]
    for _ in range(traced):
        one_cycle(lai_chau)
    gc.collect()
    py_after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert py_after - py_before < 32 * 1024, f"Python heap grew by {py_after - py_before} bytes"
    if cycles >= 100_000:
        print(f"\n{cycles} cycles: RSS {rss_before} -> {rss_after} KiB; {traced} traced cycles: "
              f"Python heap {py_before} -> {py_after} bytes")


def test_low_level_cycles_do_not_leak():
    low = thidua._thidua
    cycles = int(os.environ.get("THIDUA_LEAK_CYCLES", "2000")) * 5

    def cycle():
        b = low.td_rulebook_builder_new("demo")
        low.td_rulebook_builder_add_section(b, "A", None, None)
        low.td_rulebook_builder_add_criterion(b, "A", "hh", None, 10)
        low.td_rulebook_builder_set_rule(b, "hh", {"kind": low.TD_RULE_PROPORTIONAL})
        rb = low.td_rulebook_builder_build(b)
        c = low.td_cluster_new("cum", 2023)
        low.td_cluster_add_member(c, "u", "U")
        low.td_cluster_set_target(c, "u", "hh", 900)
        low.td_cluster_set_actual(c, "u", "hh", 950)
        r = low.td_evaluate(rb, c, None)
        low.td_rulebook_free(rb)  # explicit frees and collected proxies alike
        try:
            low.td_rulebook_free(rb)
        except ValueError:
            pass
        return low.td_result_member_total(r, 0)

    for _ in range(cycles // 4):
        cycle()
    rss_before = rss_kib()
    for _ in range(cycles):
        assert cycle() == 10
    assert rss_kib() - rss_before < 1024
