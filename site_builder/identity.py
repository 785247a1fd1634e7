"""The site's identity, in one place: its public address, name, publishing body and registration numbers.

All of it is read from ``mkdocs.yml``::

    site_name: 绩效自评报告公开              # the name (titles, feeds, structured data)
    site_url: https://czj.example.gov.cn/jxpj/   # the public address, with its sub-path
    extra:
      publisher: 某某市财政局                # 主办单位: the feeds' author, the footer, the datasets' publisher
      registration:                          # shown in the footer of every page
        website_code: "4306000001"           # 网站标识码 (government sites)
        icp: 湘ICP备12345678号-1             # ICP备案号 (linked to beian.miit.gov.cn)
        police: 湘公网安备43060202000123号   # 公安机关备案号 (linked to beian.mps.gov.cn)

The environment variable ``SITE_URL`` (a CI variable) overrides ``site_url``, so that a deployment can set its
address without a commit.  Without an address a local build still works: the sitemap, canonical links and the
feeds' absolute links need it and are left out or relative; ``deploy`` and the publishing workflows refuse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from site_builder.errors import SiteBuilderError

__all__ = ["ENV_URL", "Identity", "IdentityError", "read_identity", "require_address"]

ENV_URL = "SITE_URL"
NO_ADDRESS = (
    "没有配置网站的公开地址：请在 mkdocs.yml 中设置 site_url（例如 https://czj.example.gov.cn/jxpj/），"
    f"或在 CI 的变量中设置 {ENV_URL}。没有地址的网站不能发布（网站地图、规范链接和订阅需要它）。"
)


class IdentityError(SiteBuilderError, ValueError):
    """The site's configuration cannot be used; the message says why, in Chinese."""


@dataclass(frozen=True)
class Identity:
    name: str
    url: str | None  # absolute, ending in "/"; None: not configured (local builds)
    publisher: str = ""
    website_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police: str = ""  # 公安机关备案号

    def absolute(self, path: str) -> str | None:
        """The public address of a site-relative path (``units/x/`` → ``https://…/jxpj/units/x/``), if configured."""
        return None if self.url is None else self.url + path.lstrip("/")

    @property
    def subpath(self) -> str:
        """The address's path (``/jxpj/``; ``/`` without a sub-path or an address)."""
        return urlsplit(self.url).path if self.url else "/"


def _url(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise IdentityError(f"网站地址应为文字，找到 {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise IdentityError(f"网站地址“{value}”不是完整的网址：应形如 https://czj.example.gov.cn/jxpj/（不带 ? 和 #）")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise IdentityError(f"mkdocs.yml 中 {what} 应为文字，找到 {value!r}")
    return str(value).strip()


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may use mkdocs' own tags (``!ENV``, ``!relative``) and ``!!python/name:`` (Markdown extensions'
    options); none of them is needed here, and each is read as nothing, never constructed."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)  # emoji options


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (``{}`` when missing)."""
    if not config_file.is_file():
        return {}
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"第 {where.line + 1} 行" if where is not None else ""
        raise IdentityError(f"mkdocs.yml {line}无法读取：{getattr(exc, 'problem', None) or exc}") from None
    return data if isinstance(data, dict) else {}


def read_identity(config_file: Path, environ: dict[str, str] | None = None) -> Identity:
    """The identity configured in ``config_file`` (mkdocs.yml), the address overridden by ``SITE_URL``."""
    config = read_config(config_file)
    env = os.environ if environ is None else environ
    extra = config.get("extra") or {}
    registration = extra.get("registration") or {} if isinstance(extra, dict) else {}
    if not isinstance(extra, dict) or not isinstance(registration, dict):
        raise IdentityError("mkdocs.yml 中 extra 和 extra.registration 应为键值表")
    return Identity(
        name=_text(config.get("site_name"), "site_name") or "绩效自评报告公开",
        url=_url(env.get(ENV_URL) or config.get("site_url")),
        publisher=_text(extra.get("publisher"), "extra.publisher"),
        website_code=_text(registration.get("website_code"), "extra.registration.website_code"),
        icp=_text(registration.get("icp"), "extra.registration.icp"),
        police=_text(registration.get("police"), "extra.registration.police"),
    )


def require_address(identity: Identity) -> str:
    """The configured address, or :class:`IdentityError` saying how to set one."""
    if identity.url is None:
        raise IdentityError(NO_ADDRESS)
    return identity.url
