"""The habits a contributor relies on stay true: the pre-commit hooks run what CI runs, and the documents a
newcomer reads first exist and name what is there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def ci_checks() -> list[str]:
    """The check commands of ``.ci/run``: every tool it runs from the virtual environment but pip and pytest."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    checks = [line.strip() for line in lines if line.strip().startswith(".venv/bin/")]
    return [c for c in checks if not c.startswith((".venv/bin/pip", ".venv/bin/python -m pytest"))]


def test_pre_commit_runs_the_checks_ci_runs() -> None:
    hooks = re.findall(r"^\s+entry: (.+)$", (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"), re.M)
    assert len(ci_checks()) >= 4
    assert sorted(hooks) == sorted(ci_checks())


def test_every_benchmark_named_in_contributing_exists_and_every_one_is_named() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(bench/\w+\.py)", contributing))
    present = {f"bench/{p.name}" for p in (ROOT / "bench").glob("*.py") if p.name != "scale_catalog.py"}
    assert named == present


def test_the_architecture_page_names_modules_that_exist() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "stdbridge"
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+(?:\.py|/))`", page))
    assert len(named) >= 15
    missing = [n for n in named if not (ROOT / n if n.startswith(("tests/", "bench/")) else package / n).exists()]
    assert missing == []


def test_every_dependency_ci_installs_is_pinned_in_the_constraints() -> None:
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for name, g in project["optional-dependencies"].items() if not name.endswith("-build") for r in g]
    wanted = {canonicalize_name(Requirement(r).name) for r in [*project["dependencies"], *extras]}
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {canonicalize_name(Requirement(line).name) for line in lines if "==" in line and not line.startswith("#")}
    assert sorted(wanted - {"stdbridge"} - pinned) == []
    assert "--quiet -c constraints.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
