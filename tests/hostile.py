"""Hostile input for the tests: a copy of the repository with scripts, handlers and bad links planted.

Everything a malicious pull request could put into a narrative or a text field, each trying to set
``window.__pwned``; the tests (tests/test_sanitize.py, tests/test_hostile_browser.py) prove none of it runs.
"""

from __future__ import annotations

from pathlib import Path

from derive import repo_copy

UNIT = "430611-renshe"
YEAR = 2023
PAGE = f"units/{UNIT}/{YEAR}/index.html"

# each line is one attack; the comment says what it tries
PLANTED_NARRATIVE = """

# __config

## sb-search

植入脚本：<script>window.__pwned = "script"</script>结束

<img src="x" onerror="window.__pwned = 'raw-onerror'">

[脚本链接](javascript:window.__pwned='link') [大小写](JaVaScRiPt:window.__pwned='case') [vb](vbscript:msgbox) [数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<javascript:window.__pwned='autolink'> <https://example.com/autolink>

[引用式][evil]

[evil]: javascript:window.__pwned='reference'

*悬停*{: onmouseover="window.__pwned='attr'" style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999" .md-dialog #sb-q data-md-component=dialog }

覆盖整页的段落 {: style="position:fixed;inset:0;background:white" onclick="window.__pwned='block-attr'" }

![外站图片](https://evil.example/track.png)

![坏图](data:image/gif;base64,R0lGODlhAQABAAAAACw=){: onerror="window.__pwned='img-onerror'" }

[外部链接](https://example.com/page)

<iframe src="https://evil.example/"></iframe>

<svg onload="window.__pwned='svg'"></svg>

<div style="display:none">藏起来的文字</div>

{{ 7 * 7 }} {% raw %}

| 左 | 右 |
|:--|--:|
| 1 | 2 |
"""

# a unit name is Markdown-rendered in the page heading: inline attr_list and links are possible there too
PLANTED_NAME_SUFFIX = "<script>window.__pwned='name'</script>[名](javascript:window.__pwned='name-link')"


def planted_repo(dest: Path) -> Path:
    """A repository copy with :data:`PLANTED_NARRATIVE` appended to one narrative and a hostile unit name."""
    repo = repo_copy(dest)  # the five real reports
    narrative = repo / "units" / UNIT / str(YEAR) / "narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + PLANTED_NARRATIVE, encoding="utf-8")
    unit = repo / "units" / UNIT / "unit.yaml"
    lines = unit.read_text(encoding="utf-8").splitlines()
    lines = [f'name: "{line[6:]}{PLANTED_NAME_SUFFIX}"' if line.startswith("name: ") else line for line in lines]
    unit.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return repo
