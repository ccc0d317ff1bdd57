"""Shared fixtures: the Lai Châu case (from examples/python/lai_chau.py, so
the example is exercised too) and paths into the source tree."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def load_example(name: str):
    """Imports examples/python/<name>.py as a module."""
    path = EXAMPLES / "python" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"thidua_example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def lai_chau():
    return load_example("lai_chau")


@pytest.fixture(scope="session")
def lai_chau_rulebook(lai_chau):
    return lai_chau.build_rulebook()


@pytest.fixture()
def lai_chau_cluster(lai_chau):
    import thidua

    return thidua.Cluster.from_dict(lai_chau.cluster_data())


def built_program(env_name: str):
    """A program of the C build named by an environment variable (ctest and
    scripts/test.sh set them). Skips the test when it is not set; fails when
    it names a missing file."""
    value = os.environ.get(env_name)
    if not value:
        pytest.skip(f"{env_name} is not set (run through ctest or scripts/test.sh)")
    path = Path(value)
    assert path.is_file(), f"{env_name}={value} does not exist"
    return path
