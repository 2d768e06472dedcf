"""A throwaway PostgreSQL 15 cluster for the test run.

The server refuses to run as root, so as root the cluster is owned by the ``postgres`` system
user (commands run through ``runuser``); as an ordinary user it is our own.  It listens only
on a unix socket in a fresh temporary folder, and is stopped and removed at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PGBIN_CANDIDATES = [
    os.environ.get("TRACKER_PGBIN", ""),
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
]
PORT = 54329


def find_pgbin() -> Path | None:
    for candidate in PGBIN_CANDIDATES:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    def __init__(self, pgbin: Path) -> None:
        self.pgbin = pgbin
        self.root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if self.as_root:
            self.root.chmod(0o755)
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.pgbin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        data = self.root / "data"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses='' -k {self.root} -p {PORT} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w", "-o", options, "start"
        )

    def createdb(self, name: str) -> str:
        self._run("createdb", "-h", str(self.root), "-p", str(PORT), "-U", "postgres", name)
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@/{name}?host={self.root}&port={PORT}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
