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
    """Imports examples/python/<name>.py as a module (the examples import
    each other, as they do when run from their directory)."""
    folder = EXAMPLES / "python"
    spec = importlib.util.spec_from_file_location(f"thidua_example_{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


@pytest.fixture(scope="session")
def example():
    """load_example, for tests."""
    return load_example


@pytest.fixture(scope="session")
def lai_chau():
    """The Lai Châu case defined in code (build_rulebook(), cluster_data())."""
    return load_example("lai_chau_in_code")


@pytest.fixture(scope="session")
def lai_chau_rulebook(lai_chau):
    return lai_chau.build_rulebook()


@pytest.fixture()
def lai_chau_cluster(lai_chau):
    import thidua

    return thidua.Cluster.from_dict(lai_chau.cluster_data())


@pytest.fixture(scope="session")
def have_xlsx() -> bool:
    """Whether the library writes xlsx workbooks (reports and templates):
    False in a build without libxlsxwriter (CMake THIDUA_XLSX=OFF), which
    refuses them saying so, and in one without the report writers."""
    import thidua

    if not hasattr(thidua._thidua, "td_template_render"):
        return False
    try:
        thidua.Rulebook.load(EXAMPLES / "lai-chau" / "rulebook.yaml").template()
    except thidua.InvalidArgumentError as e:
        if "has no xlsx input template" in str(e):
            return False
        raise
    return True


@pytest.fixture()
def xlsx_writer(have_xlsx):
    """Skips a test that writes xlsx workbooks in a build without libxlsxwriter."""
    if not have_xlsx:
        pytest.skip("the library is built without libxlsxwriter (THIDUA_XLSX=OFF)")


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


@pytest.fixture(scope="session")
def lai_chau_exe():
    """examples/lai_chau.c, built."""
    return built_program("THIDUA_LAI_CHAU_EXE")


@pytest.fixture(scope="session")
def cli_exe():
    """The thidua command line, built."""
    return built_program("THIDUA_CLI")
