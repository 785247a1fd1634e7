"""Real servers on 127.0.0.1 for the deploy tests: an OpenSSH server (a key pair made for the test) and moto's
S3-compatible server.  Nothing is installed here: scripts/test.sh installs openssh-server and rsync with
chromium; a missing binary fails the test with what to install, never skips it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"


def need(*tools: str) -> None:
    """Fail (never skip) when a binary the test drives is missing."""
    missing = [t for t in tools if (shutil.which(t) if "/" not in t else (t if os.path.exists(t) else None)) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/test.sh (apt-get install openssh-server rsync)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen[bytes], what: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start on port {port}")


@dataclass(frozen=True)
class Sshd:
    port: int
    user: str
    key: str  # the client's private key (its text), as CI's secret holds it
    known_hosts: str  # the server's key line, as ssh-keyscan prints it

    def env(self, path: Path) -> dict[str, str]:
        return {
            "DEPLOY_SSH_TARGET": f"{self.user}@127.0.0.1",
            "DEPLOY_SSH_PORT": str(self.port),
            "DEPLOY_SSH_PATH": str(path),
            "DEPLOY_SSH_KEY": self.key,
            "DEPLOY_SSH_KNOWN_HOSTS": self.known_hosts,
        }


@contextmanager
def sshd(folder: Path) -> Iterator[Sshd]:
    """An OpenSSH server on 127.0.0.1 accepting one key pair made here, for the user running the tests."""
    need(SSHD, "ssh", "ssh-keygen", "rsync")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("host", "client"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)], check=True
        )
    shutil.copy(folder / "client.pub", folder / "authorized_keys")
    port = free_port()
    (folder / "sshd_config").write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {folder / 'host'}",
                f"AuthorizedKeysFile {folder / 'authorized_keys'}",
                f"PidFile {folder / 'sshd.pid'}",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "LogLevel ERROR",
                "",
            ]
        ),
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    log = folder / "sshd.log"  # a file, not a pipe: a pipe nobody reads would stop the server once full
    with log.open("wb") as stream:
        process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=stream)
    try:
        wait_for(port, process, "sshd", log)
        host_key = (folder / "host.pub").read_text(encoding="utf-8").split()[:2]
        user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        yield Sshd(
            port, user, (folder / "client").read_text(encoding="utf-8"), f"[127.0.0.1]:{port} {' '.join(host_key)}"
        )
    finally:
        process.terminate()
        process.wait(10)


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def env(self, bucket: str, prefix: str = "") -> dict[str, str]:
        return {
            "DEPLOY_S3_ENDPOINT": self.endpoint,
            "DEPLOY_S3_BUCKET": bucket,
            "DEPLOY_S3_PREFIX": prefix,
            "DEPLOY_S3_ACCESS_KEY_ID": "test-key",
            "DEPLOY_S3_SECRET_ACCESS_KEY": "test-secret",
            "DEPLOY_S3_REGION": "us-east-1",
        }


@contextmanager
def s3_server(folder: Path) -> Iterator[S3Server]:
    """moto's S3-compatible server (``python -m moto.server``, from the test lock) on 127.0.0.1."""
    port = free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "moto.log"  # it logs every request: a file, never a pipe that fills
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=stream,
            stderr=stream,
            env=env,
        )
    try:
        wait_for(port, process, "moto server", log, seconds=60)
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(10)
