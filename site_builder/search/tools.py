"""External binaries the pipeline runs, fetched pinned and integrity-checked from a package registry.

pagefind: the extended build (Chinese word segmentation) of version 1.6.0, from the npm registry's
platform package ``@pagefind/<platform>``.  Measured on pages cut from the real reports, 1.6.0
extended finds every page for every test term; PyPI's ``pagefind-bin-extended`` 1.5.2 misses
君山区 and 盐边县.  Replace this with the PyPI package once PyPI carries a build that does as well.

Set ``SITE_BUILDER_PAGEFIND`` to use another binary.  Downloads are cached in
``$XDG_CACHE_HOME/site_builder`` (default ``~/.cache/site_builder``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import ToolError

REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class NpmFile:
    """One file inside a pinned npm package tarball."""

    package: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    member: str  # path inside the tarball

    @property
    def url(self) -> str:
        name = self.package.split("/")[-1]
        return f"{REGISTRY}/{self.package}/-/{name}-{self.version}.tgz"


PAGEFIND_VERSION = "1.6.0"
_PAGEFIND: dict[tuple[str, str], NpmFile] = {
    ("Linux", "x86_64"): NpmFile(
        "@pagefind/linux-x64",
        PAGEFIND_VERSION,
        "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q==",
        "package/bin/pagefind_extended",
    ),
    ("Linux", "aarch64"): NpmFile(
        "@pagefind/linux-arm64",
        PAGEFIND_VERSION,
        "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w==",
        "package/bin/pagefind_extended",
    ),
}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site_builder"


def fetch_npm_file(spec: NpmFile, target: Path) -> Path:
    """Download ``spec`` once, check its integrity, and extract the one member to ``target``."""
    if target.exists():
        return target
    try:
        with urllib.request.urlopen(spec.url, timeout=120) as response:  # noqa: S310 - fixed https URL
            data = response.read()
    except OSError as exc:
        raise ToolError(
            f"无法下载 {spec.package}@{spec.version}（{exc}）；请检查网络，或设置 SITE_BUILDER_PAGEFIND"
        ) from exc
    algorithm, _, expected = spec.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise ToolError(f"{spec.package}@{spec.version} 校验失败：内容与登记的 {algorithm} 不符")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(spec.member)
        if member is None:
            raise ToolError(f"{spec.package}@{spec.version} 中没有 {spec.member}")
        payload = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(payload)
    partial.chmod(0o755)
    partial.replace(target)
    return target


def pagefind_binary() -> Path:
    """The pagefind extended binary, fetched on first use."""
    override = os.environ.get("SITE_BUILDER_PAGEFIND")
    if override:
        return Path(override)
    key = (platform.system(), platform.machine())
    spec = _PAGEFIND.get(key)
    if spec is None:
        raise ToolError(
            f"没有适用于 {key[0]} {key[1]} 的 pagefind；请安装 pagefind {PAGEFIND_VERSION} extended 并设置 SITE_BUILDER_PAGEFIND"
        )
    return fetch_npm_file(spec, cache_dir() / f"pagefind-{PAGEFIND_VERSION}" / "pagefind_extended")
