"""A real, throwaway PostgreSQL server for the tests: its own cluster in a temporary folder.

The server listens on 127.0.0.1 at a free port and trusts local connections; it is stopped and
its folder removed at the end of the session. PostgreSQL refuses to run as root, so as root the
cluster is owned by and run as the ``postgres`` system user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

BINARIES = ("initdb", "pg_ctl", "createdb")
USER = "storylens"


def find_binaries() -> dict[str, str] | None:
    """Paths of the server programs, from PATH or Debian's versioned folder; None if absent."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    search = os.pathsep.join([os.environ.get("PATH", ""), *map(str, folders)])
    found = {name: shutil.which(name, path=search) for name in BINARIES}
    return None if None in found.values() else {k: str(v) for k, v in found.items()}


class PostgresServer:
    """A PostgreSQL cluster started for this process; ``database()`` gives a fresh, empty one."""

    def __init__(self, binaries: dict[str, str]) -> None:
        self._bin = binaries
        self._run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.folder = Path(tempfile.mkdtemp(prefix="storylens-pg-"))
        if self._run_as:
            shutil.chown(self.folder, "postgres")
        self.port = _free_port()
        data = self.folder / "data"
        self._call("initdb", "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8")
        options = f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        self._call("pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")
        self._data = data

    def database(self) -> str:
        """The URL of a new database on this server."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._call("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name)
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._call("pg_ctl", "-D", str(self._data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _call(self, program: str, *args: str) -> None:
        command = [*self._run_as, self._bin[program], *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
