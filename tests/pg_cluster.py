"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` on a free port in a temporary folder.

The binaries come from Debian's ``postgresql`` package (``/usr/lib/postgresql/N/bin``, which ``.ci/run`` installs)
or from ``PATH``. PostgreSQL refuses to run as root: as root, the cluster runs as the ``postgres`` user the package
creates (``runuser``). The cluster's default collation is ICU's English, as on a server set up in English: queries
that depend on collation show it. Without the binaries the tests that need the cluster are skipped, unless
``STDBRIDGE_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes their absence a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from itertools import count
from pathlib import Path

REQUIRED = os.environ.get("STDBRIDGE_REQUIRE_POSTGRES") == "1"


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: the newest Debian version's, else the one on ``PATH``."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if installed:
        return installed[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """One running cluster; ``database()`` makes a new empty database and returns its SQLAlchemy URL."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="stdbridge-pg-"))
        self.port = _free_port()
        self._names = count(1)
        self._as_user: list[str] = []
        self._migrated: str | None = None  # the database that catalogue_database() copies, once made
        if os.geteuid() == 0:
            user = "postgres"
            try:
                entry = pwd.getpwnam(user)
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run PostgreSQL as") from None
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self._as_user = ["runuser", "-u", user, "--"]

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as_user, *command], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> Cluster:
        data = self.folder / "data"
        self._run(str(self.bin_dir / "initdb"), "-D", str(data), "-U", "stdbridge", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US")  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "start")  # fmt: skip
        return self

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://stdbridge@127.0.0.1:{self.port}/{database}"

    def database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of the database named ``template`` (``CREATE DATABASE ... TEMPLATE``)."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}_{int(time.time() * 1000) % 100000}"
        copied = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=stdbridge dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"{copied}')
        return self.url(name)

    def catalogue_database(self) -> str:
        """A new empty catalogue at the schema's head: a copy of a database migrated once for this cluster, far
        quicker than running every migration again (which ``database()`` and opening it do)."""
        if self._migrated is None:
            from stdbridge.store import SqlStore

            url = self.database()
            SqlStore(url).close()  # migrated to the head on opening; closed, as a template must have no connection
            self._migrated = url.rsplit("/", 1)[1]
        return self.database(template=self._migrated)

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    # faults and replicas (tests/test_outage.py, tests/store/test_replica.py, bench/bench_faults.py) ------------
    def halt(self, mode: str = "fast") -> None:
        """Stop the server (``pg_ctl stop -m fast`` or ``immediate``), keeping its data to ``resume`` later."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")

    def resume(self) -> None:
        """Start the server ``halt`` stopped, on the same port with the same data."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
                  "-l", str(self.folder / "log"), "-w", "-t", "60", "start")  # fmt: skip

    def streaming_replica(self) -> Cluster:
        """A hot standby of this cluster on a port of its own: ``pg_basebackup -R`` (which writes the standby's
        connection to this primary), then started; it replays what the primary writes, and refuses writes."""
        replica = Cluster.__new__(Cluster)
        replica.bin_dir, replica._as_user, replica._names = self.bin_dir, self._as_user, count(1)
        replica._migrated = None
        replica.folder = Path(tempfile.mkdtemp(prefix="stdbridge-pg-replica-"))
        replica.port = _free_port()
        if self._as_user:
            entry = pwd.getpwnam(self._as_user[2])
            os.chown(replica.folder, entry.pw_uid, entry.pw_gid)
        replica._run(str(self.bin_dir / "pg_basebackup"), "-D", str(replica.folder / "data"), "-R", "-X", "stream",
                     "-c", "fast", "-h", "127.0.0.1", "-p", str(self.port), "-U", "stdbridge")  # fmt: skip
        replica.resume()
        return replica
