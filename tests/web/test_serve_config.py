"""``stdbridge serve --workers N`` hands its configuration to its worker processes in a file only its user can
read, whose path alone goes through the environment: the catalogue's location (which may hold a database
password) is not put in the environment, and each worker builds its app from the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.app import CONFIG_VARIABLE, ServeConfig, app_from_config
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import StoreError


def test_serve_writes_its_workers_configuration_to_a_private_file(catalog: Catalog,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv("STDBRIDGE_DB", raising=False)
    monkeypatch.setenv(CONFIG_VARIABLE, "")  # restored after the test: serve sets it for its workers
    location = catalog.store.location.removeprefix("sqlite:///")
    seen: dict[str, Any] = {}

    def run(app: object, **options: Any) -> None:  # what uvicorn is asked to serve, while it would serve
        path = Path(os.environ[CONFIG_VARIABLE])
        seen.update(app=app, options=options, path=path, mode=stat.S_IMODE(path.stat().st_mode),
                    config=ServeConfig.read(path), environment=dict(os.environ))  # fmt: skip
        seen["app_title"] = app_from_config().title

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(cli, ["--db", location, "serve", "--workers", "2", "--host", "0.0.0.0", "--no-jobs"])
    assert result.exit_code == 0, result.output
    assert seen["app"] == "stdbridge.app:app_from_config" and seen["options"]["factory"] is True
    assert seen["options"]["workers"] == 2
    assert seen["config"] == ServeConfig(location, "0.0.0.0", run_jobs=False)
    assert seen["mode"] == 0o600
    assert "STDBRIDGE_DB" not in seen["environment"] and "STDBRIDGE_SERVED_ON" not in seen["environment"]
    assert seen["app_title"] == "stdbridge"
    assert not seen["path"].exists()  # removed once the server stops


def test_a_worker_without_its_configuration_says_how_to_start_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv(CONFIG_VARIABLE, raising=False)
    with pytest.raises(StoreError, match="stdbridge serve --workers"):
        app_from_config()
    broken = tmp_path / "workers.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setenv(CONFIG_VARIABLE, str(broken))
    with pytest.raises(StoreError, match=r"workers\.json"):
        app_from_config()


def test_the_app_a_worker_builds_serves_the_configured_catalogue(catalog: Catalog, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    catalog.rebuild_index()  # as serve builds it before it starts its workers
    config = tmp_path / "workers.json"
    ServeConfig(catalog.store.location, "127.0.0.1", run_jobs=False).write(config)
    monkeypatch.setenv(CONFIG_VARIABLE, str(config))
    with TestClient(app_from_config(), base_url="http://127.0.0.1") as client:
        answer = client.get("/api/search", params={"q": "ISO 9001:2015"})
        assert answer.status_code == 200 and "ISO 9001:2015" in [r["identifier"] for r in answer.json()["results"]]
