"""``python -m site_builder deploy``: publish the built ``site/`` where the bureau hosts it, atomically.

Two targets, both configured only through environment variables (the CI's secret store; nothing in the
repository):

``rsync`` — a server over SSH (nginx on government cloud hosting)::

    DEPLOY_SSH_TARGET       user@host                    (required)
    DEPLOY_SSH_PATH         /srv/www/jxpj                (required: the site is served from its ``current``)
    DEPLOY_SSH_PORT         22
    DEPLOY_SSH_KEY          the private key (its text)   (secret; without it, ssh's own keys and agent)
    DEPLOY_SSH_KNOWN_HOSTS  the host's key line(s), as ``ssh-keyscan -p PORT host`` prints them (required: the
                            server's identity is checked, never taken on trust)
    DEPLOY_RSYNC_OPTIONS    more rsync options, e.g. ``--bwlimit=2000``

  The site is uploaded into a new folder ``releases/<time>/`` next to ``current``: files unchanged since the live
  release are hard links to it (``--link-dest``, compared by content), so only changed files travel.  Then the
  symbolic link ``current`` is switched to the new release with one ``rename`` (atomic: a reader gets the old
  site or the new one, never a mix), and only then are old releases removed (the previous one is kept, for a
  rollback by hand: ``ln -sfn releases/<previous> current.new && mv -T current.new current``).  A deploy that
  fails or is interrupted before the switch leaves ``current`` as it was; its partial folder is removed by the
  next deploy.  nginx: ``root /srv/www/jxpj/current;`` (and ``alias`` or ``location`` for a sub-path).

``s3`` — S3-compatible object storage (Alibaba Cloud OSS, Tencent COS, MinIO, Amazon S3) served as a website::

    DEPLOY_S3_ENDPOINT      https://oss-cn-changsha.aliyuncs.com   (required)
    DEPLOY_S3_BUCKET        the bucket                              (required)
    DEPLOY_S3_PREFIX        a folder in the bucket for the site (e.g. ``jxpj/``; default: its root)
    DEPLOY_S3_REGION        the signing region (default ``us-east-1``; OSS: e.g. ``cn-changsha``)
    DEPLOY_S3_ACCESS_KEY_ID, DEPLOY_S3_SECRET_ACCESS_KEY   (secrets)
    DEPLOY_S3_ADDRESSING    ``virtual`` (bucket.endpoint, what OSS requires) or ``path`` (endpoint/bucket);
                            default ``virtual``, ``path`` for an IP address or localhost

  The bucket is compared with the site by content (each object's ETag, the MD5 of its bytes, against the file's):
  only new and changed files are uploaded, first into a staging folder ``<prefix>.deploy/<release>/`` that no
  page links to, so that a deploy failing or interrupted while uploading — the long part — leaves the live site
  as it was.  The switch then copies them into place inside the storage (no data travels; new files first, the
  pages after what they link to, the home page last), having kept the objects it replaces under the same
  staging folder: if the switch fails, they are put back and the new files removed.  Files gone from the site
  are deleted only after the switch.  Object storage has no atomic rename of many objects: during the seconds of
  the switch a reader may see some pages new and some old (a CDN in front, refreshed after the deploy, hides it).

Both refuse to publish a site without an address (:mod:`site_builder.identity`), or a ``site/`` not built for
that address.  The signing of S3 requests (AWS Signature Version 4) is done here with the standard library.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import http.client
import ipaddress
import mimetypes
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

from site_builder.errors import SiteBuilderError
from site_builder.identity import Identity, IdentityError, require_address
from site_builder.sitefiles import site_files

__all__ = ["DeployError", "Deployed", "S3Client", "deploy", "deploy_rsync", "deploy_s3", "release_name"]


class DeployError(SiteBuilderError):
    """The deploy stopped; the message says why, in Chinese.  The live site is as it was."""


@dataclass
class Deployed:
    target: str
    release: str
    uploaded: list[str] = field(default_factory=list)  # site-relative paths whose bytes were sent
    deleted: list[str] = field(default_factory=list)  # files gone from the site, removed after the switch
    total: int = 0  # files in the site


def release_name(now: _dt.datetime | None = None) -> str:
    """A new release's name: its UTC time (so that names sort by age) and a random tail."""
    moment = now or _dt.datetime.now(_dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _require(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise DeployError(f"缺少环境变量 {name}（{what}）：请在 CI 的机密（secrets）或变量中设置")
    return value


def check_site(site: Path, identity: Identity) -> list[str]:
    """The site's files, after checking that it was built, for the configured address."""
    try:
        address = require_address(identity)
    except IdentityError as error:
        raise DeployError(str(error)) from None
    if not (site / "index.html").is_file():
        raise DeployError(f"{site} 中没有生成好的网站：请先运行 python -m site_builder build")
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file() or f"<loc>{address}" not in sitemap.read_text(encoding="utf-8"):
        raise DeployError(f"{site} 不是按地址 {address} 生成的（网站地图中没有这个地址）：请设置好地址后重新构建")
    return site_files(site)


# ------------------------------------------------------------------ rsync over SSH


@dataclass(frozen=True)
class SshTarget:
    target: str  # user@host
    path: str  # the folder holding current and releases/
    port: int = 22
    key: str = ""
    known_hosts: str = ""
    rsync_options: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SshTarget:
        port = env.get("DEPLOY_SSH_PORT", "").strip() or "22"
        if not port.isdigit():
            raise DeployError(f"DEPLOY_SSH_PORT 应为端口号，找到“{port}”")
        path = _require(env, "DEPLOY_SSH_PATH", "服务器上存放网站的文件夹，例如 /srv/www/jxpj")
        if not path.startswith("/"):
            raise DeployError(f"DEPLOY_SSH_PATH 应为绝对路径，找到“{path}”")
        return cls(
            target=_require(env, "DEPLOY_SSH_TARGET", "服务器的登录用户和地址，例如 deploy@203.0.113.10"),
            path=path.rstrip("/") or "/",
            port=int(port),
            key=env.get("DEPLOY_SSH_KEY", ""),
            known_hosts=_require(env, "DEPLOY_SSH_KNOWN_HOSTS", "服务器的主机公钥，ssh-keyscan -p 端口 主机 的输出"),
            rsync_options=tuple(shlex.split(env.get("DEPLOY_RSYNC_OPTIONS", ""))),
        )


@contextmanager
def _ssh_command(target: SshTarget) -> Iterator[list[str]]:
    """The ssh command line (its key and known hosts in a private temporary folder, removed afterwards)."""
    for tool in ("ssh", "rsync"):
        if shutil.which(tool) is None:
            raise DeployError(f"找不到 {tool}：请先安装（Debian/Ubuntu：apt-get install openssh-client rsync）")
    with tempfile.TemporaryDirectory(prefix="site-deploy-") as folder:
        known = Path(folder) / "known_hosts"
        known.write_text(target.known_hosts.strip() + "\n", encoding="utf-8")
        command = [
            "ssh",
            "-p",
            str(target.port),
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            f"UserKnownHostsFile={known}",
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "ConnectTimeout=20",
            "-o",
            "ServerAliveInterval=15",
        ]
        if target.key.strip():
            key = Path(folder) / "key"
            key.touch(mode=0o600)
            key.write_text(target.key.strip() + "\n", encoding="utf-8")
            command += ["-o", "IdentitiesOnly=yes", "-i", str(key)]
        yield command


def _run(command: list[str], what: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        raise DeployError(f"{what}失败（退出码 {done.returncode}）：{' / '.join(detail)}；线上网站保持不变")
    return done.stdout


def _remote(ssh: list[str], target: SshTarget, script: str, what: str) -> str:
    return _run([*ssh, target.target, script], what)


def deploy_rsync(site: Path, identity: Identity, target: SshTarget, log: Callable[[str], None] = print) -> Deployed:
    """Upload ``site`` as a new release and switch ``current`` to it (see the module's docstring)."""
    files = check_site(site, identity)
    release = release_name()
    base = shlex.quote(target.path)
    with _ssh_command(target) as ssh:
        previous = _remote(
            ssh,
            target,
            f'mkdir -p {base}/releases && cd {base} && if [ -L current ]; then basename "$(readlink current)"; fi',
            "连接服务器",
        ).strip()
        log(f"  上传到 {target.target}:{target.path}/releases/{release}/（上一版：{previous or '无'}）")
        command = [
            "rsync",
            "--recursive",
            "--links",
            "--perms",
            "--checksum",
            "--chmod=D755,F644",
            "--out-format=%i %n",
            "-e",
            shlex.join(ssh),
            *target.rsync_options,
        ]
        if previous:
            command.append(f"--link-dest=../{previous}/")  # relative to the new release
        command += [f"{site}/", f"{target.target}:{target.path}/releases/{release}/"]
        changes = _run(command, "上传")
        uploaded = sorted(line[12:] for line in changes.splitlines() if line.startswith("<f"))
        switch = f"cd {base} && ln -sfn releases/{release} .current-{release} && mv -T .current-{release} current"
        _remote(ssh, target, switch, "切换到新版本")
        log(f"  已切换：current → releases/{release}")
        keep = {release, previous} - {""}
        cleanup = (
            f'cd {base}/releases && for d in * .[!.]*; do case "$d" in '
            f"{'|'.join(shlex.quote(k) for k in sorted(keep))}|'*'|'.[!.]*') ;; *) rm -rf -- \"$d\" ;; esac; done; "
            f"rm -f {base}/.current-*"
        )
        _remote(ssh, target, cleanup, "删除旧版本")
    return Deployed("rsync", release, uploaded, [], len(files))


# ------------------------------------------------------------------ S3-compatible object storage


_UNRESERVED = "-_.~"
_S3 = "{http://s3.amazonaws.com/doc/2006-03-01/}"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}


def content_type(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if path.endswith("feed.xml"):
        return "application/atom+xml; charset=utf-8"
    return _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


@dataclass
class S3Client:
    """The few S3 requests a deploy needs, signed with AWS Signature Version 4 (standard library only)."""

    endpoint: str
    bucket: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"
    addressing: str = ""  # "virtual" or "path"; "" chooses by the endpoint
    timeout: float = 60.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DeployError(
                f"DEPLOY_S3_ENDPOINT“{self.endpoint}”不是网址：应形如 https://oss-cn-changsha.aliyuncs.com"
            )
        if not self.addressing:
            self.addressing = "path" if _is_local(parts.hostname) else "virtual"
        if self.addressing not in ("virtual", "path"):
            raise DeployError(f"DEPLOY_S3_ADDRESSING 应为 virtual 或 path，找到“{self.addressing}”")
        self._scheme, self._netloc = parts.scheme, parts.netloc

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> S3Client:
        return cls(
            endpoint=_require(
                env, "DEPLOY_S3_ENDPOINT", "对象存储的访问地址，例如 https://oss-cn-changsha.aliyuncs.com"
            ),
            bucket=_require(env, "DEPLOY_S3_BUCKET", "存储桶名称"),
            access_key=_require(env, "DEPLOY_S3_ACCESS_KEY_ID", "访问密钥 ID"),
            secret_key=_require(env, "DEPLOY_S3_SECRET_ACCESS_KEY", "访问密钥"),
            region=env.get("DEPLOY_S3_REGION", "").strip() or "us-east-1",
            addressing=env.get("DEPLOY_S3_ADDRESSING", "").strip(),
        )

    def _where(self, key: str) -> tuple[str, str]:
        """Host and canonical path of an object (``key`` "" for the bucket)."""
        path = "/" + quote(key, safe="/" + _UNRESERVED)
        if self.addressing == "virtual":
            return f"{self.bucket}.{self._netloc}", path
        return self._netloc, f"/{quote(self.bucket, safe=_UNRESERVED)}{path if key else '/'}"

    def request(
        self,
        method: str,
        key: str = "",
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """One signed request; returns the status and the body."""
        host, path = self._where(key)
        now = _dt.datetime.now(_dt.UTC)
        stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        payload = hashlib.sha256(body).hexdigest()
        sent = {
            "host": host,
            "x-amz-date": stamp,
            "x-amz-content-sha256": payload,
            **{k.lower(): v for k, v in (headers or {}).items()},
        }
        canonical_query = "&".join(
            f"{quote(k, safe=_UNRESERVED)}={quote(v, safe=_UNRESERVED)}" for k, v in sorted((query or {}).items())
        )
        signed = ";".join(sorted(sent))
        canonical = "\n".join(
            [method, path, canonical_query, "".join(f"{k}:{sent[k].strip()}\n" for k in sorted(sent)), signed, payload]
        )
        scope = f"{day}/{self.region}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signing = f"AWS4{self.secret_key}".encode()
        for part in (day, self.region, "s3", "aws4_request"):
            signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
        sent["authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={self.access_key}/{scope}, SignedHeaders={signed}, Signature={signature}"
        )
        connection_class = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        connection = connection_class(host if self.addressing == "virtual" else self._netloc, timeout=self.timeout)
        try:
            connection.request(
                method, path + (f"?{canonical_query}" if canonical_query else ""), body=body or None, headers=sent
            )
            response = connection.getresponse()
            return response.status, response.read()
        except OSError as error:
            raise DeployError(f"连接对象存储失败（{error}）；线上网站保持不变") from None
        finally:
            connection.close()

    def _ok(self, status: int, data: bytes, what: str) -> bytes:
        # a copy may answer 200 with an <Error> body
        if status >= 300 or (data.lstrip().startswith(b"<?xml") and b"<Error>" in data[:400]):
            code = re.search(rb"<Code>([^<]*)</Code>", data)
            raise DeployError(f"{what}失败（HTTP {status}{'，' + code[1].decode() if code else ''}）")
        return data

    def list(self, prefix: str) -> dict[str, str]:
        """Every object under ``prefix``: key → ETag (without quotes)."""
        found: dict[str, str] = {}
        token = ""
        while True:
            query = {"list-type": "2", "prefix": prefix, **({"continuation-token": token} if token else {})}
            root = ET.fromstring(self._ok(*self.request("GET", query=query), f"列出 {prefix or '存储桶'}"))
            for item in root.iter(f"{_S3}Contents"):
                found[item.findtext(f"{_S3}Key") or ""] = (item.findtext(f"{_S3}ETag") or "").strip('"')
            token = root.findtext(f"{_S3}NextContinuationToken") or ""
            if root.findtext(f"{_S3}IsTruncated") != "true" or not token:
                return found

    def put(self, key: str, body: bytes, kind: str) -> None:
        md5 = base64.b64encode(hashlib.md5(body).digest()).decode()  # noqa: S324 - S3's integrity check
        self._ok(
            *self.request("PUT", key, body=body, headers={"content-type": kind, "content-md5": md5}), f"上传 {key}"
        )

    def copy(self, source: str, key: str) -> None:
        copied = quote(f"/{self.bucket}/{source}", safe="/" + _UNRESERVED)
        self._ok(*self.request("PUT", key, headers={"x-amz-copy-source": copied}), f"复制 {source}")

    def get(self, key: str) -> bytes:
        return self._ok(*self.request("GET", key), f"读取 {key}")

    def delete(self, key: str) -> None:
        self._ok(*self.request("DELETE", key), f"删除 {key}")


def _is_local(host: str) -> bool:
    try:
        return host == "localhost" or bool(ipaddress.ip_address(host))
    except ValueError:
        return False


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()  # noqa: S324 - what an S3 ETag is


def _switch_order(path: str) -> tuple[int, int, str]:
    """New and changed files go live in this order: what pages load or link to, then the pages deepest first,
    the home page last (a reader arriving in the middle follows links to what is already there)."""
    if path == "index.html":
        return 3, 0, path
    if path.endswith(".html"):
        return 2, -path.count("/"), path
    return (0 if path.startswith(("assets/", "pagefind/")) else 1), 0, path


def deploy_s3(
    site: Path, identity: Identity, client: S3Client, prefix: str = "", log: Callable[[str], None] = print
) -> Deployed:
    """Upload the new and changed files of ``site`` to staging, switch them into place, then delete what is gone."""
    files = check_site(site, identity)
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    staging_root = f"{prefix}.deploy/"
    live = {key[len(prefix) :]: tag for key, tag in client.list(prefix).items() if not key.startswith(staging_root)}
    for leftover in client.list(staging_root):  # an interrupted deploy's staging: never linked, now removed
        client.delete(leftover)
    release = release_name()
    staging = f"{staging_root}{release}/"
    changed = [p for p in files if live.get(p) != md5_of(site / p)]
    gone = sorted(set(live) - set(files))
    log(f"  {len(changed)} 个文件有变化（共 {len(files)} 个），{len(gone)} 个文件将删除")
    replaced = [p for p in changed if p in live]
    try:
        for path in changed:  # the long part: nothing live changes
            client.put(f"{staging}new/{path}", (site / path).read_bytes(), content_type(path))
        for path in replaced:  # kept aside, to be put back if the switch fails
            client.copy(prefix + path, f"{staging}old/{path}")
    except DeployError as error:
        raise DeployError(f"{error}；尚未切换，线上网站保持不变") from None
    done: list[str] = []
    try:
        for path in sorted(changed, key=_switch_order):
            client.copy(f"{staging}new/{path}", prefix + path)
            done.append(path)
    except DeployError as error:
        _roll_back(client, prefix, staging, done, set(replaced))
        raise DeployError(f"{error}；切换中断，已恢复原来的文件，线上网站保持不变") from None
    log(f"  已切换：{len(changed)} 个文件")
    for path in gone:
        client.delete(prefix + path)
    for key in client.list(staging):
        client.delete(key)
    return Deployed("s3", release, changed, gone, len(files))


def _roll_back(client: S3Client, prefix: str, staging: str, done: list[str], replaced: set[str]) -> None:
    for path in reversed(done):
        if path in replaced:
            client.copy(f"{staging}old/{path}", prefix + path)
        else:
            client.delete(prefix + path)


# ------------------------------------------------------------------ the command


def deploy(
    site: Path, identity: Identity, to: str, env: Mapping[str, str] | None = None, log: Callable[[str], None] = print
) -> Deployed:
    """Publish ``site`` to ``to`` (``rsync`` or ``s3``), configured by ``env`` (default: the environment)."""
    env = os.environ if env is None else env
    if to == "rsync":
        return deploy_rsync(site, identity, SshTarget.from_env(env), log)
    if to == "s3":
        return deploy_s3(site, identity, S3Client.from_env(env), env.get("DEPLOY_S3_PREFIX", ""), log)
    raise DeployError(f"未知的部署目标“{to}”：应为 rsync 或 s3")
