"""The platform as one ASGI application: the JSON API under ``/api`` and the bilingual web pages.

``create_app(catalog)`` is what tests call with a small catalogue; ``stdbridge serve`` passes its catalogue to
``create_app(catalog, keep_index=True)`` (one worker), or runs ``app_from_environment`` in each of its uvicorn
workers, which opens the catalogue that ``STDBRIDGE_DB`` names (uvicorn starts workers from an import string, so
the location goes through the environment of those processes only). Served with ``keep_index``, the app keeps
the node's search index in step with the change feed in a thread of its own (``catalog.keeper``), and no request
writes the index.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from stdbridge.errors import MissingExtra

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


def app_from_environment() -> FastAPI:
    """The app over the catalogue ``STDBRIDGE_DB`` names (uvicorn's factory, one per worker process)."""
    served_on = os.environ.get("STDBRIDGE_SERVED_ON", "127.0.0.1")  # set by ``stdbridge serve --host``
    run_jobs = os.environ.get("STDBRIDGE_RUN_JOBS", "1") != "0"  # ``stdbridge serve --no-jobs``: "0"
    return create_app(Catalog.open(os.environ.get("STDBRIDGE_DB")), served_on=served_on, keep_index=True,
                      run_jobs=run_jobs)  # fmt: skip
