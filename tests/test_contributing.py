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

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    extras = project["optional-dependencies"].get("all", [])
    for extra in (re.search(r"\[(.*)\]", e) for e in extras):
        for name in extra.group(1).split(",") if extra else ():
            wanted += project["optional-dependencies"][name.strip()]

    def name_of(requirement: str) -> str:
        return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    pinned = {
        name_of(line): line.split("==", 1)[1]
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    unpinned = sorted({name_of(r) for r in wanted if not r.startswith("stdbridge")} - set(pinned))
    assert unpinned == []
    assert "--quiet -c constraints.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
