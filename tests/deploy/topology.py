"""The national topology of deploy/docker-compose.yml as processes on this machine.

Two gunicorn app hosts behind nginx running deploy/nginx.conf itself (only the upstream
addresses, the listen port and the certificate paths replaced), one outbox worker, pgbouncer
in transaction mode in front of a private PostgreSQL database, Redis (database 13, this
module's own), a moto S3 server and aiosmtpd. The hosts' settings are the compose file's
x-portal environment, with the containers' addresses replaced by this machine's.
"""

from __future__ import annotations

import datetime
import grp
import ipaddress
import os
import pwd
import shutil
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import yaml
from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bench.fault_rig import (
    ROOT,
    Gunicorn,
    OutboxWorker,
    Smtp,
    free_port,
    stop_process,
    wait_for_port,
)
from tests.deploy.pgbouncer import Pgbouncer
from tests.s3_server import new_bucket, s3_settings

DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DIRECT = "host=127.0.0.1 port=5432 dbname=test user=postgres"
REDIS_URL = "redis://127.0.0.1:6379/13"
STAFF_PASSWORD = "ม้าลายกินหญ้าริมฝั่งโขง 2569"


def national_host() -> str:
    """The national host name of the shipped nginx.conf (its first server_name)."""
    for line in (DEPLOY / "nginx.conf").read_text().splitlines():
        if line.strip().startswith("server_name "):
            return line.split()[1]
    raise AssertionError("deploy/nginx.conf names no server")


def portal_environment(root: Path, endpoint: str, bucket: str) -> dict[str, str]:
    """x-portal's environment, the secrets of national.env, this machine's addresses."""
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    shipped = {k: str(v) for k, v in compose["x-portal"]["environment"].items()}
    here = {  # the values that name another container or a container's folder
        "PORTAL_REDIS_URL": REDIS_URL,
        "PORTAL_S3_ENDPOINT_URL": endpoint,
        "PORTAL_S3_BUCKET": bucket,
        "PORTAL_UPLOAD_DIR": str(root / "cache"),
    }
    assert set(here) <= set(shipped), "docker-compose.yml's x-portal changed: update this rig"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    env.update({**shipped, **here, **s3_settings(endpoint, bucket)})
    return env


@dataclass
class Topology:
    root: Path
    endpoint: str
    database: str = field(default_factory=lambda: f"sujarit_topo_{uuid.uuid4().hex[:10]}")
    parts: list = field(default_factory=list)

    def start(self) -> Topology:
        redis.Redis.from_url(REDIS_URL).flushdb()
        with psycopg.connect(DIRECT, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        server = f"host=127.0.0.1 port=5432 dbname={self.database} user=postgres"
        self.bouncer = self._add(Pgbouncer(self.root / "pgbouncer", "sujarit", server, 4))
        self.bouncer.root.mkdir()
        self.bouncer.start()
        self.smtp = self._add(Smtp(self.root)).start()
        self.bucket = new_bucket(self.endpoint)
        self.secrets = {
            "PORTAL_SECRET_KEY": os.urandom(32).hex(),
            "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "PORTAL_MAIL_SERVER": "127.0.0.1",
            "PORTAL_MAIL_PORT": str(self.smtp.port),
            "PORTAL_MAIL_SENDER": "Sujarit <no-reply@complaints.example.go.th>",
            # The worker's scheduled jobs stay off: the walk waits for one e-mail only.
            "PORTAL_DIGEST_HOUR": "-1", "PORTAL_PURGE_HOUR": "-1",
            "PORTAL_NETWORK_REMIND_HOUR": "-1",
            # Wrong tracking receipts allowed per address: small, to see the count shared.
            "PORTAL_RATE_LIMIT_TRACK": "3 per 15 minutes",
        }
        self.prepare()
        self.apps = []
        for name in ("app1", "app2"):
            host = self.root / name
            host.mkdir()
            self.apps.append(self._add(Gunicorn(host, self.environ(host), extra=(
                "--access-logfile", str(host / "access.log")))).start())
        worker = self.root / "worker"
        worker.mkdir()
        self._add(OutboxWorker(worker, self.environ(worker))).start()
        self.nginx = self._add(Nginx(self.root / "nginx", [a.port for a in self.apps])).start()
        return self

    def _add(self, part):
        self.parts.append(part)
        return part

    def environ(self, host: Path, url: str | None = None) -> dict[str, str]:
        env = portal_environment(host, self.endpoint, self.bucket)
        env.update(self.secrets)
        env["PORTAL_DATABASE_URL"] = url or self.bouncer.url
        return env

    def flask(self, *args: str, url: str | None = None, stdin: str = "") -> None:
        """``flask --app wsgi …`` as an operator runs it on an app host."""
        host = self.root / "operator"
        host.mkdir(exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                              cwd=ROOT, env=self.environ(host, url), input=stdin,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"flask {' '.join(args)}: {done.stderr[-2000:]}"

    def prepare(self) -> None:
        # Migrations straight to PostgreSQL (README.md), everything else through pgbouncer.
        self.flask("db", "upgrade",
                   url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.database}")
        self.flask("office", "create", "--code", "NP2", "--name-th", "สพป.นครปฐม เขต 2")
        self.flask("office", "create", "--code", "NP3", "--name-th", "สพป.ตัวอย่าง เขต 3",
                   "--template", "NP2")
        self.flask("create-user", "intake@np2.example.go.th", "--role", "intake",
                   "--office", "NP2", stdin=STAFF_PASSWORD + "\n")

    def stop(self) -> None:
        hosts = [p for p in self.parts if isinstance(p, Gunicorn | OutboxWorker)]
        for part in self.parts:
            if isinstance(part, Nginx):
                _stop(part)
        with ThreadPoolExecutor(max(1, len(hosts))) as pool:  # seconds each: all at once
            list(pool.map(_stop, hosts))
        for part in reversed(self.parts):
            if not isinstance(part, Nginx) and part not in hosts:
                _stop(part)
        with psycopg.connect(DIRECT, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        redis.Redis.from_url(REDIS_URL).flushdb()


def _stop(part) -> None:
    try:
        part.stop()
    except Exception as error:  # noqa: BLE001 - the others still stop
        print(f"stopping {type(part).__name__}: {error}", file=sys.stderr)


def self_signed(root: Path, host: str) -> tuple[Path, Path]:
    """A certificate for ``host``, its wildcard and 127.0.0.1; its own CA for the client."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName(host), x509.DNSName(f"*.{host}"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    chain, private = root / "fullchain.pem", root / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    private.chmod(0o600)
    return chain, private


class Nginx:
    """nginx with deploy/nginx.conf's server block, wrapped in a minimal main configuration."""

    def __init__(self, root: Path, upstreams: list[int]) -> None:
        self.root, self.upstreams, self.port, self.process = root, upstreams, free_port(), None
        # Buffered bodies and answers spill here, written by nginx's unprivileged workers: a
        # folder they can reach (pytest's own folders are closed to other accounts).
        self.spill = Path(os.environ.get("TMPDIR", "/tmp")) / f"sujarit-nginx-{uuid.uuid4().hex}"

    def server_block(self, chain: Path, key: Path) -> str:
        text = (DEPLOY / "nginx.conf").read_text()
        changes = {
            "server app1:8000 ": f"server 127.0.0.1:{self.upstreams[0]} ",
            "server app2:8000 ": f"server 127.0.0.1:{self.upstreams[1]} ",
            "listen 443 ssl;": f"listen 127.0.0.1:{self.port} ssl;",
            "/etc/ssl/sujarit/fullchain.pem": str(chain),
            "/etc/ssl/sujarit/privkey.pem": str(key),
        }
        for old, new in changes.items():
            assert text.count(old) == 1, f"deploy/nginx.conf: expected {old!r} once"
            text = text.replace(old, new)
        return text

    def start(self) -> Nginx:
        self.root.mkdir()
        self.spill.mkdir(mode=0o755)
        self.chain, key = self_signed(self.root, national_host())
        (self.root / "sujarit.conf").write_text(self.server_block(self.chain, key))
        user = ""
        if os.geteuid() == 0:  # workers drop to nobody, whose group Debian calls nogroup
            nobody = pwd.getpwnam("nobody")
            user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
        temp = "\n".join(f"    {kind}_temp_path {self.spill / kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.root / "nginx.conf").write_text(
            f"{user}\nevents {{}}\nhttp {{\n{temp}\n"
            f"    include {self.root / 'sujarit.conf'};\n}}\n")
        error_log = self.root / "error.log"
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-c", str(self.root / "nginx.conf"),
             "-e", str(error_log),
             "-g", f"daemon off; pid {self.root / 'nginx.pid'}; error_log {error_log};"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, self.process, "nginx", seconds=20)
        except SystemExit as error:
            raise RuntimeError(f"{error}: {error_log.read_text()}") from None
        return self

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.spill, ignore_errors=True)
