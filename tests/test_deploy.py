"""``python -m site_builder deploy`` against real servers started here: an OpenSSH server (rsync over SSH) and
moto's S3-compatible server, both on 127.0.0.1 (tests/servers.py).

Three real builds of the five real reports with an address: A, B (one figure of one report changed) and C (B
without one unit).  Each deploy is checked by what the server holds and serves afterwards.
"""

from __future__ import annotations

import hashlib
import http.client
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from derive import repo_copy
from servers import S3Server, Sshd, s3_server, sshd
from sitebuild import serve
from test_corrections import REPORT
from test_published import ADDRESS, configure

from site_builder.build import build
from site_builder.identity import Identity, read_identity
from site_builder.publish.deploy import DeployError, S3Client, deploy
from site_builder.sitefiles import site_files

ROOT = Path(__file__).resolve().parent.parent
CHANGED_PAGE = "units/430624-renshe/2021/index.html"


@dataclass(frozen=True)
class Sites:
    a: Path
    b: Path  # one figure of one report changed
    c: Path  # b without the unit 510422-renshe
    identity: Identity


def digests(site: Path) -> dict[str, str]:
    return {p: hashlib.sha256((site / p).read_bytes()).hexdigest() for p in site_files(site)}


def changed(old: Path, new: Path) -> set[str]:
    before, after = digests(old), digests(new)
    return {p for p, d in after.items() if before.get(p) != d}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    folder = tmp_path_factory.mktemp("deploy")
    repo = repo_copy(folder / "repo")
    configure(repo)
    cache = folder / "cache"
    made = []
    for name in ("a", "b", "c"):
        if name == "b":
            report = repo / REPORT
            report.write_text(
                report.read_text(encoding="utf-8").replace("project: 46161.7", "project: 46161.6"), encoding="utf-8"
            )
        if name == "c":
            shutil.rmtree(repo / "units/510422-renshe")
        build(repo, folder / name, log=lambda line: None, cache_dir=cache)
        made.append(folder / name)
    return Sites(*made, read_identity(repo / "mkdocs.yml"))


def cli(args: list[str], env: dict[str, str], root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        check=False,
    )


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        return response.read()


# ------------------------------------------------------------------ rsync over SSH


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    with sshd(tmp_path_factory.mktemp("sshd")) as running:
        yield running


def _release(www: Path) -> Path:
    return www / os.readlink(www / "current")


def test_rsync_deploy_switches_releases_and_uploads_only_changed_files(
    sites: Sites, server: Sshd, tmp_path: Path
) -> None:
    www = tmp_path / "www"
    root = sites.a.parent / "repo"
    done = cli(["deploy", "--to", "rsync", "--site", str(sites.a)], {**server.env(www), "SITE_URL": ""}, root)
    assert done.returncode == 0, done.stderr
    assert "部署完成" in done.stderr
    first = _release(www)
    assert digests(first) == digests(sites.a)
    with serve(www / "current") as url:
        assert fetch(url + CHANGED_PAGE) == (sites.a / CHANGED_PAGE).read_bytes()

        second = deploy(sites.b, sites.identity, "rsync", server.env(www), log=lambda line: None)
        expected = changed(sites.a, sites.b)
        assert set(second.uploaded) == expected and CHANGED_PAGE in expected
        assert len(expected) < second.total / 3  # one report: its pages, the site-wide lists and the index
        assert digests(_release(www)) == digests(sites.b)
        unchanged = next(p for p in site_files(sites.b) if p not in expected)
        assert (_release(www) / unchanged).stat().st_ino == (first / unchanged).stat().st_ino  # a hard link
        assert fetch(url + CHANGED_PAGE) == (sites.b / CHANGED_PAGE).read_bytes()  # the same server, the new site

        third = deploy(sites.c, sites.identity, "rsync", server.env(www), log=lambda line: None)
        assert digests(_release(www)) == digests(sites.c)
        assert not (_release(www) / "units/510422-renshe").exists()
        # old releases go after the switch: the live one and the one before it stay
        assert sorted(p.name for p in (www / "releases").iterdir()) == sorted([second.release, third.release])
        assert not (www / "releases" / first.name).exists()


def test_an_interrupted_rsync_deploy_leaves_the_previous_site_serving(
    sites: Sites, server: Sshd, tmp_path: Path
) -> None:
    www = tmp_path / "www"
    deploy(sites.a, sites.identity, "rsync", server.env(www), log=lambda line: None)
    live = os.readlink(www / "current")
    root = sites.a.parent / "repo"
    env = {**os.environ, **server.env(www), "DEPLOY_RSYNC_OPTIONS": "--bwlimit=20"}  # 20 kB/s: stopped midway
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(root), "deploy", "--to", "rsync", "--site", str(sites.c)],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [p for p in (www / "releases").iterdir() if p.name != Path(live).name]:
        time.sleep(0.1)
    time.sleep(1)
    assert process.poll() is None, "the deploy ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGKILL)  # the runner killed, the connection cut
    process.wait()
    assert os.readlink(www / "current") == live
    assert len(list((www / "releases").iterdir())) == 2  # the live release and the partial one
    with serve(www / "current") as url:
        assert fetch(url + "units/510422-renshe/") == (sites.a / "units/510422-renshe/index.html").read_bytes()
    # the next deploy publishes and removes the partial release
    done = deploy(sites.c, sites.identity, "rsync", server.env(www), log=lambda line: None)
    assert digests(_release(www)) == digests(sites.c)
    assert sorted(p.name for p in (www / "releases").iterdir()) == sorted([Path(live).name, done.release])


def test_a_failed_deploy_says_why_and_changes_nothing(sites: Sites, server: Sshd, tmp_path: Path) -> None:
    www = tmp_path / "www"
    deploy(sites.a, sites.identity, "rsync", server.env(www), log=lambda line: None)
    live = os.readlink(www / "current")
    other = tmp_path / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    impostor = f"[127.0.0.1]:{server.port} " + " ".join(other.with_suffix(".pub").read_text().split()[:2])
    root = sites.a.parent / "repo"
    done = cli(
        ["deploy", "--to", "rsync", "--site", str(sites.b)],
        {**server.env(www), "DEPLOY_SSH_KNOWN_HOSTS": impostor},
        root,
    )
    assert done.returncode == 1 and "部署失败：连接服务器失败" in done.stderr and "线上网站保持不变" in done.stderr
    assert os.readlink(www / "current") == live and len(list((www / "releases").iterdir())) == 1
    missing = cli(
        ["deploy", "--to", "rsync", "--site", str(sites.b)], {**server.env(www), "DEPLOY_SSH_KNOWN_HOSTS": ""}, root
    )
    assert missing.returncode == 1 and "缺少环境变量 DEPLOY_SSH_KNOWN_HOSTS" in missing.stderr


def test_no_publishing_without_an_address(sites: Sites, server: Sshd, tmp_path: Path) -> None:
    local = Identity(name="站", url=None)
    with pytest.raises(DeployError, match="没有配置网站的公开地址"):
        deploy(sites.a, local, "rsync", server.env(tmp_path / "www"))
    with pytest.raises(DeployError, match="不是按地址 https://elsewhere.example.cn/ 生成的"):
        deploy(sites.a, Identity(name="站", url="https://elsewhere.example.cn/"), "rsync", server.env(tmp_path / "www"))
    repo = repo_copy(tmp_path / "repo")  # mkdocs.yml as in the repository: no address
    done = cli(["site", "--require-address"], {"SITE_URL": ""}, repo)
    assert done.returncode == 1 and "没有配置网站的公开地址" in done.stderr
    done = cli(["site", "--require-address"], {"SITE_URL": ADDRESS}, repo)
    assert done.returncode == 0 and ADDRESS in done.stdout
    assert not (tmp_path / "www").exists()


# ------------------------------------------------------------------ S3-compatible storage


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with s3_server(tmp_path_factory.mktemp("s3")) as running:
        yield running


def bucket(s3: S3Server, name: str, endpoint: str | None = None) -> tuple[S3Client, dict[str, str]]:
    env = s3.env(name, "jxpj/")
    client = S3Client.from_env(env)
    status, _ = client.request("PUT")  # create the bucket
    assert status == 200
    if endpoint:
        env["DEPLOY_S3_ENDPOINT"] = endpoint
    return client, env


def bucket_digests(client: S3Client, prefix: str = "jxpj/") -> dict[str, str]:
    return {key[len(prefix) :]: hashlib.sha256(client.get(key)).hexdigest() for key in client.list(prefix)}


def test_s3_deploy_uploads_only_changed_files_and_removes_old_ones_after_the_switch(sites: Sites, s3: S3Server) -> None:
    client, env = bucket(s3, "site-a")
    root = sites.a.parent / "repo"
    done = cli(["deploy", "--to", "s3", "--site", str(sites.a)], {**env, "SITE_URL": ""}, root)
    assert done.returncode == 0, done.stderr
    assert bucket_digests(client) == digests(sites.a)
    status, page = client.request("GET", "jxpj/" + CHANGED_PAGE)
    assert status == 200 and page == (sites.a / CHANGED_PAGE).read_bytes()

    second = deploy(sites.b, sites.identity, "s3", env, log=lambda line: None)
    assert set(second.uploaded) == changed(sites.a, sites.b)
    assert set(second.deleted) == set(site_files(sites.a)) - set(site_files(sites.b))  # pagefind's, named by hash
    assert bucket_digests(client) == digests(sites.b)
    third = deploy(sites.c, sites.identity, "s3", env, log=lambda line: None)
    gone = set(site_files(sites.b)) - set(site_files(sites.c))
    assert set(third.deleted) == gone and any(p.startswith("units/510422-renshe/") for p in gone)
    assert bucket_digests(client) == digests(sites.c)  # nothing else left: no staging, no old files
    assert not client.list("jxpj/.deploy/")


class _Faulty(http.server.BaseHTTPRequestHandler):
    """A proxy in front of the S3 server: slows every request, or fails the n-th copy into the live site."""

    upstream = ""
    delay = 0.0
    fail_copy = 0  # 0: never
    copies = 0

    def _forward(self) -> None:
        time.sleep(type(self).delay)
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        live_copy = "x-amz-copy-source" in self.headers and "/.deploy/" not in self.path
        if live_copy:
            type(self).copies += 1
            if type(self).copies == type(self).fail_copy:
                self.send_response(503)
                self.send_header("content-length", "0")
                self.end_headers()
                return
        connection = http.client.HTTPConnection(self.upstream, timeout=30)
        connection.request(self.command, self.path, body=body or None, headers=dict(self.headers))
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(name, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_DELETE = do_HEAD = do_POST = _forward  # noqa: N815 - BaseHTTPRequestHandler's names

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def faulty_proxy(s3: S3Server, delay: float = 0.0, fail_copy: int = 0) -> Iterator[str]:
    handler = type(
        "Faulty",
        (_Faulty,),
        {"upstream": s3.endpoint.split("//")[1], "delay": delay, "fail_copy": fail_copy, "copies": 0},
    )
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as proxy:
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}"
        finally:
            proxy.shutdown()


def test_an_interrupted_s3_deploy_leaves_the_live_site(sites: Sites, s3: S3Server) -> None:
    client, env = bucket(s3, "site-b")
    deploy(sites.a, sites.identity, "s3", env, log=lambda line: None)
    with faulty_proxy(s3, delay=0.2) as slow:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "site_builder",
                "--root",
                str(sites.a.parent / "repo"),
                "deploy",
                "--to",
                "s3",
                "--site",
                str(sites.c),
            ],
            env={**os.environ, **env, "DEPLOY_S3_ENDPOINT": slow},
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(client.list("jxpj/.deploy/")) < 3:
            time.sleep(0.1)
        assert process.poll() is None, "the deploy ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    staged = client.list("jxpj/.deploy/")
    assert staged  # uploaded, never linked
    live = {k: v for k, v in bucket_digests(client).items() if not k.startswith(".deploy/")}
    assert live == digests(sites.a)
    done = deploy(sites.c, sites.identity, "s3", env, log=lambda line: None)  # the next one cleans up
    assert bucket_digests(client) == digests(sites.c) and done.deleted


def test_a_failed_s3_switch_is_rolled_back(sites: Sites, s3: S3Server) -> None:
    client, env = bucket(s3, "site-c")
    deploy(sites.a, sites.identity, "s3", env, log=lambda line: None)
    with faulty_proxy(s3, fail_copy=5) as failing:
        with pytest.raises(DeployError, match="已恢复原来的文件，线上网站保持不变"):
            deploy(sites.c, sites.identity, "s3", {**env, "DEPLOY_S3_ENDPOINT": failing}, log=lambda line: None)
    live = {k: v for k, v in bucket_digests(client).items() if not k.startswith(".deploy/")}
    assert live == digests(sites.a)
