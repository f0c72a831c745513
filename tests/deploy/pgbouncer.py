"""A real pgbouncer process for the tests, in transaction mode in front of PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psycopg

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Pgbouncer:
    """pgbouncer serving ``database`` (a libpq line of ``[databases]``) as ``name`` with
    ``pool_size`` server connections; every client and server on 127.0.0.1, trust auth."""

    def __init__(self, root: Path, name: str, database: str, pool_size: int) -> None:
        self.root, self.name, self.database, self.pool_size = root, name, database, pool_size
        self.port, self.process = _free_port(), None

    def start(self) -> Pgbouncer:
        self.root.chmod(0o755)  # pgbouncer runs as nobody when the tests run as root
        users = self.root / "users.txt"
        users.write_text('"postgres" ""\n')
        config = self.root / "pgbouncer.ini"
        config.write_text(f"""[databases]
{self.name} = {self.database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {users}
pool_mode = transaction
default_pool_size = {self.pool_size}
max_client_conn = 100
ignore_startup_parameters = extra_float_digits
""")
        for path in (users, config):
            path.chmod(0o644)
        command = [PGBOUNCER, str(config)]
        if os.geteuid() == 0:  # pgbouncer refuses to run as root
            command[1:1] = ["-u", "nobody"]
        log = self.root / "pgbouncer.log"
        with log.open("wb") as err:  # opened here: pgbouncer may not reach /tmp's
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 20
        while True:
            try:
                psycopg.connect(self.dsn).close()
                return self
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError("pgbouncer did not start: " + log.read_text()) from None
                time.sleep(0.2)

    @property
    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={self.name} user=postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.name}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
