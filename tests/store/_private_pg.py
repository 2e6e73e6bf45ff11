"""A private, throw-away PostgreSQL server for tests that must restart the server.

Restarting the shared server at 127.0.0.1:5432 would break every other test running at the
same time, so these tests start their own cluster (initdb into a temporary directory, its
own port) and stop and start it at will. Needs the PostgreSQL server binaries and, when run
as root, the ``postgres`` system user to run them as; otherwise the test is skipped with a
message saying what is missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


class PrivateServer:
    def __init__(self, *, conf: tuple[str, ...] = (), data: Path | None = None,
                 workdir: Path | None = None) -> None:
        """A new cluster (initdb), or with ``data`` an existing data directory (a standby made by
        :meth:`standby`) in ``workdir``. ``conf``: extra ``-c name=value`` settings at start."""
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            found = shutil.which("initdb")
            if not found:
                raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
            bins = [found]
        self.bindir = Path(bins[-1]).parent
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                raise RuntimeError("running as root but there is no 'postgres' user to run a server as")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.conf = conf
        self.dir = workdir or Path(tempfile.mkdtemp(prefix="fds-pg-", dir="/tmp"))
        os.chmod(self.dir, 0o755)
        self.port = _free_port()
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        if data is None:
            self.data = self.dir / "data"
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "root", "--no-sync", "-E", "UTF8")
        else:
            self.data = data
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql://root@127.0.0.1:{self.port}/postgres"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _run(self, tool: str, *args: str) -> None:
        r = subprocess.run([*self.as_user, str(self.bindir / tool), *args], capture_output=True, text=True,
                           timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"{tool} failed: {r.stderr.strip() or r.stdout.strip()}")

    def start(self) -> None:
        extra = "".join(f" -c {c}" for c in self.conf)
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off{extra}", "start")

    def kill(self) -> None:
        """Stop at once, as a crash would (no checkpoint, connections cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def promote(self) -> None:
        """Make this standby the primary (waits until it accepts writes)."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "promote")

    def standby(self, *, name: str = "standby1") -> PrivateServer:
        """A streaming-replication standby of this server (pg_basebackup -R), started on its own
        port and named ``name`` (``application_name``, matched by ``synchronous_standby_names``)."""
        workdir = Path(tempfile.mkdtemp(prefix="fds-pg-standby-", dir="/tmp"))
        os.chmod(workdir, 0o755)
        if self.as_user:
            shutil.chown(workdir, "postgres")
        data = workdir / "data"
        self._run("pg_basebackup", "-D", str(data), "-h", "127.0.0.1", "-p", str(self.port), "-U", "root",
                  "-X", "stream", "-R", "--no-sync", "-d",
                  f"host=127.0.0.1 port={self.port} user=root application_name={name}")
        return PrivateServer(data=data, workdir=workdir, conf=("hot_standby=on",))

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class ReplicatedPair:
    """A primary and a streaming standby with synchronous commit to it: an acknowledged commit
    is on both servers. ``url`` names both hosts with ``target_session_attrs=read-write``."""

    def __init__(self) -> None:
        self.primary = PrivateServer(conf=("synchronous_standby_names='standby1'", "synchronous_commit=on"))
        try:
            self.standby = self.primary.standby(name="standby1")
            self._wait_synchronous()
        except BaseException:
            self.primary.close()
            raise

    def _wait_synchronous(self, timeout: float = 30) -> None:
        import psycopg

        end = time.monotonic() + timeout
        with psycopg.connect(f"postgresql://root@{self.primary.address}/postgres", autocommit=True) as conn:
            while True:
                rows = conn.execute("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'").fetchall()
                if ("sync",) in rows:
                    return
                if time.monotonic() > end:
                    raise RuntimeError(f"the standby did not become synchronous: {rows}")
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return (f"postgresql://root@{self.primary.address},{self.standby.address}/postgres"
                "?target_session_attrs=read-write")

    def fail_over(self) -> None:
        """The primary dies (immediate stop) and the standby is promoted."""
        self.primary.kill()
        self.standby.promote()

    def close(self) -> None:
        self.standby.close()
        self.primary.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def replicated_pair_or_skip() -> Iterator[ReplicatedPair]:
    """The body of a ``pair`` fixture: a private primary and standby, or a skip saying why not."""
    import pytest

    from tests.store.conftest import pg_reachable

    if not pg_reachable():
        pytest.skip("PostgreSQL tests are skipped on this machine")
    try:
        p = ReplicatedPair()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"cannot start a private primary and standby: {exc}")
    yield p
    p.close()
