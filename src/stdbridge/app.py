"""The platform as one ASGI application: the JSON API under ``/api`` and the bilingual web pages.

``create_app(catalog)`` is what tests call with a small catalogue; ``stdbridge serve`` passes its catalogue to
``create_app(catalog, keep_index=True)`` (one worker), or runs ``app_from_config`` in each of its uvicorn workers.
uvicorn starts workers from an import string, with no arguments: ``serve`` writes its configuration
(``ServeConfig``: the catalogue's location, the address served on, whether to run jobs) to a file only its user
may read, and the workers' environment holds that file's path alone — not the location, which may carry a
database password, nor settings other processes started from that environment would pick up. Served with
``keep_index``, the app keeps the node's search index in step with the change feed in a thread of its own
(``catalog.keeper``), and no request writes the index; with ``run_jobs`` a thread runs the queue's jobs.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from stdbridge.errors import MissingExtra, StoreError

try:
    from fastapi import FastAPI
    from fastapi_offline import FastAPIOffline
except ImportError as missing:
    raise MissingExtra("web", missing) from None

from stdbridge.api import create_api, install_error_handlers
from stdbridge.api.access import policy_for
from stdbridge.catalog import Catalog
from stdbridge.web import create_pages
from stdbridge.web.protection import Protection, Throttles

WARM_UP_QUERIES = ("ISO 9001", "quality management", "质量管理体系")  # load the lexicon and the segmenter once


def create_app(
    catalog: Catalog, *, served_on: str = "127.0.0.1", throttles: Throttles | None = None, keep_index: bool = False,
    run_jobs: bool = False,
) -> FastAPI:  # fmt: skip
    """The platform over ``catalog``; ``served_on`` is the address it listens on, which decides with the catalogue
    whether changing anything needs signing in (``accounts.access``); ``throttles`` limit API calls and sign-in
    attempts (``web.protection``); with ``keep_index`` a thread keeps the search index in step (``catalog.keeper``);
    with ``run_jobs`` a thread runs the jobs of the queue (``jobs.worker``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if keep_index:
            catalog.keep_index()
        worker = None
        if run_jobs:
            from stdbridge.jobs.worker import Worker

            worker = Worker(catalog).start()
        try:
            for query in WARM_UP_QUERIES:  # the first Chinese query would otherwise wait for the dictionaries
                catalog.search(query)
            yield
        finally:
            if worker is not None:
                worker.stop()
            catalog.stop_keeping_index()

    # The API documentation's scripts and styles come from the package (fastapi-offline), not from a CDN: the
    # page works on a machine, or in a country, that cannot reach one.
    app = FastAPIOffline(
        title="stdbridge",
        summary="One catalogue of the standards of many bodies: find, link, compare. 多机构标准目录。",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        static_url="/api/docs-assets",
        lifespan=lifespan,
    )
    app.state.catalog = catalog
    app.state.access = policy_for(catalog, served_on=served_on)
    app.state.throttles = throttles or Throttles()
    # headers, throttling and body limits around everything, the server-error handler included (add_middleware
    # would put them inside it, and an unexpected error's answer would go without the headers)
    inner = app.build_middleware_stack
    app.build_middleware_stack = lambda: Protection(inner(), app.state.throttles)  # type: ignore[method-assign]
    install_error_handlers(app)  # JSON under /api; pages set app.state.error_page for theirs
    create_api(app, catalog)
    create_pages(app, catalog, app.state.api.figures)  # one count of the records for both
    return app


CONFIG_VARIABLE = "STDBRIDGE_SERVE_CONFIG"  # the path of the file ``serve`` wrote for its workers


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """What every worker process of ``stdbridge serve --workers N`` is served with."""

    location: str
    served_on: str = "127.0.0.1"
    run_jobs: bool = True

    def write(self, path: Path) -> None:
        """Write to ``path``, readable by this user only (it may hold a database password)."""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> ServeConfig:
        try:
            values = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(str(values["location"]), str(values["served_on"]), bool(values["run_jobs"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"cannot read the configuration of the server's workers {path}: {exc}") from exc


def app_from_config() -> FastAPI:
    """The app the configuration ``serve`` wrote says (uvicorn's factory, one per worker process)."""
    path = os.environ.get(CONFIG_VARIABLE)
    if not path:
        raise StoreError(f"{CONFIG_VARIABLE} is not set: start the workers with 'stdbridge serve --workers N'")
    config = ServeConfig.read(path)
    return create_app(Catalog.open(config.location), served_on=config.served_on, keep_index=True,
                      run_jobs=config.run_jobs)  # fmt: skip
