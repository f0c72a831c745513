"""The processes bench/faults.py runs and breaks: a private PostgreSQL and Redis, an SMTP
server, gunicorn, the outbox worker, a TCP proxy that can stall, an upload disk that fills.

Everything listens on 127.0.0.1 on ports of its own and lives in one temporary directory;
nothing here touches the machine's shared PostgreSQL (5432) or Redis (6379).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(
    port: int, process: subprocess.Popen | None, what: str, seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise SystemExit(f"{what} did not start on port {port}") from None
            time.sleep(0.1)


def stop_process(process: subprocess.Popen | None, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class PrivatePostgres:
    """``initdb`` into ``root``, served on a port of its own by this machine's binaries.

    PostgreSQL refuses to run as root: as root, the cluster belongs to the ``postgres``
    account and every pg_ctl call runs as that account.
    """

    def __init__(self, root: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(found[-1]).parent
        self.data = root / "pgdata"
        self.socket_dir = root / "pgsock"
        self.log = root / "postgres.log"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, check=check, cwd="/"
        )

    def _own(self, path: Path) -> None:
        path.mkdir(mode=0o700, exist_ok=True)
        if self.as_user:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> PrivatePostgres:
        self._own(self.data)
        self._own(self.socket_dir)
        if self.as_user:
            self.log.touch()
            entry = pwd.getpwnam("postgres")
            os.chown(self.log, entry.pw_uid, entry.pw_gid)
            os.chmod(self.data.parent, 0o711)  # noqa: S103 - postgres passes through
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.pg_ctl("start", "-w")
        return self

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        args = [str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.log)]
        if action in ("start", "restart"):
            args += ["-o", options]
        self._run(*args, *extra)

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(self.bin / "pg_ctl"), "stop", "-D", str(self.data), "-m", mode, "-w", check=False
        )

    def url(self, port: int | None = None) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port or self.port}/postgres"


class PrivateRedis:
    def __init__(self, root: Path) -> None:
        self.root, self.port, self.process = root, free_port(), None

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=(self.root / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, "redis-server")
        return self

    def stop(self) -> None:
        stop_process(self.process)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class Smtp:
    """aiosmtpd keeping each message's bytes in a maildir (bench/smtp_store.py)."""

    def __init__(self, root: Path) -> None:
        self.root, self.port, self.process = root, free_port(), None
        self.maildir = root / "maildir"

    def start(self) -> Smtp:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "bench.smtp_store.RawMaildir",
                str(self.maildir),
            ],
            cwd=ROOT,
            stdout=(self.root / "smtp.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, "the SMTP server")
        return self

    def stop(self) -> None:
        stop_process(self.process)


class StallProxy:
    """A TCP proxy in front of the database whose traffic the harness can stop and resume:
    while stalled, bytes already sent wait, and new connections are held unanswered."""

    def __init__(self, target_port: int) -> None:
        self.target_port, self.port = target_port, free_port()
        self.flowing = threading.Event()
        self.flowing.set()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.closed = False

    def start(self) -> StallProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        self.flowing.wait()
        try:
            server = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        for a, b in ((client, server), (server, client)):
            threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self.closed = True
        self.flowing.set()
        self.listener.close()


class UploadDisk:
    """The upload directory on a small disk that the harness can fill.

    As root, a tmpfs of ``size_mb`` mounted on it (a real ENOSPC); otherwise the portal's
    PORTAL_UPLOAD_MIN_FREE_MB floor set below the disk's free space, and a filler file that
    takes the disk past it when the fault starts. The floor leaves room (up to a GB) for what
    other programs write on the same disk meanwhile (a database's WAL, other tests): a floor
    just under the free space would be crossed by them before the fault, and refuse files
    the run expects to be kept.
    """

    MARGIN_MB = 1024

    def __init__(self, path: Path, size_mb: int = 96) -> None:
        self.path, self.size_mb, self.mounted = path, size_mb, False
        self.filler = path / "filler.bin"
        self.floor_mb: int | None = None
        path.mkdir(mode=0o700, parents=True, exist_ok=True)

    def mount(self) -> None:
        if os.geteuid() != 0 or not shutil.which("mount"):
            return
        done = subprocess.run(
            [
                "mount",
                "-t",
                "tmpfs",
                "-o",
                f"size={self.size_mb}m,mode=0700",
                "tmpfs",
                str(self.path),
            ],
            capture_output=True,
            text=True,
        )
        self.mounted = done.returncode == 0

    def free_mb(self) -> int:
        stats = os.statvfs(self.path)
        return stats.f_bavail * stats.f_frsize // 2**20

    def min_free_mb(self) -> int:
        """The PORTAL_UPLOAD_MIN_FREE_MB the portal runs with (the same on every call)."""
        if self.mounted:
            return 4
        if self.floor_mb is None:
            free = self.free_mb()
            self.floor_mb = max(1, free - min(self.MARGIN_MB, free // 4))
        return self.floor_mb

    def fill(self) -> None:
        """Fill the disk (tmpfs), or reserve space until 64 MB less than the floor is free."""
        if not self.mounted:
            wanted = (self.free_mb() - self.min_free_mb() + 64) * 2**20
            with self.filler.open("wb") as fh:
                os.posix_fallocate(fh.fileno(), 0, wanted)  # blocks taken, none written
            return
        chunk = b"\0" * 2**20
        with contextlib.suppress(OSError), self.filler.open("wb") as fh:
            while True:
                fh.write(chunk)
                fh.flush()

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def unmount(self) -> None:
        self.free()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
            self.mounted = False


class Gunicorn:
    def __init__(
        self, root: Path, env: dict[str, str], workers: int = 2, extra: tuple[str, ...] = ()
    ) -> None:
        self.root, self.env, self.workers, self.extra = root, env, workers, extra
        self.port, self.process = free_port(), None

    def start(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "90",
                "--graceful-timeout",
                "10",
                "--no-control-socket",
                "--error-logfile",
                str(self.root / "gunicorn.log"),
                *self.extra,
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, "gunicorn")
        return self

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        stop_process(self.process, timeout=20)


class OutboxWorker:
    """``flask --app wsgi worker``, started again if it ever exits (as systemd would); the
    number of exits is part of the result."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env, self.process, self.exits = root, env, None, 0
        self.stopping = False
        self.watcher = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> OutboxWorker:
        self._spawn()
        self.watcher.start()
        return self

    def _spawn(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--poll", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.root / "worker.log").open("a"),
            stderr=subprocess.STDOUT,
        )

    def _watch(self) -> None:
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                self.exits += 1
                time.sleep(2)
                self._spawn()
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping = True
        stop_process(self.process, timeout=30)
