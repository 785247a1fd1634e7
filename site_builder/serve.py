"""``python -m site_builder serve``: live preview for a clerk editing a report.

mkdocs-material's own dev server with live reload, watching ``units/`` and ``content/`` too.  Before
each rebuild the hook in :mod:`site_builder.serve_hooks` runs load → validate → public → render into
the preview's docs folder (only changed files are touched, so the watcher does not loop); when the data
has errors the preview shows them instead of the site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from .build import BuildFailed
from .load import load
from .public import public_site
from .render import write_docs
from .validate import validate

ROOT_ENV = "SITE_BUILDER_ROOT"


def regenerate(root: Path, docs_dir: Path) -> list[str]:
    """Bring ``docs_dir`` up to date with the sources; return the error lines (empty when valid)."""
    checked = validate(load(root))
    staging = Path(tempfile.mkdtemp(prefix="site-builder-stage-"))
    try:
        if checked.errors:
            staging.mkdir(exist_ok=True)
            lines = [m.format() for m in checked.errors]
            (staging / "index.md").write_text(
                "# 数据有错误，暂时无法预览\n\n请按提示修改后保存，页面会自动刷新。\n\n"
                + "\n".join(f"- `{line}`" for line in lines) + "\n",
                encoding="utf-8",
            )
            for extra in ("units/index.md", "search/index.md", "guide.md", "about.md"):
                (staging / extra).parent.mkdir(parents=True, exist_ok=True)
                (staging / extra).write_text("# 数据有错误\n\n请查看[首页](/)上的错误列表。\n", encoding="utf-8")
        else:
            write_docs(public_site(checked), root / "content", staging)
        _sync(staging, docs_dir)
        return [m.format() for m in checked.errors]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(source: Path, target: Path) -> None:
    """Make ``target`` equal to ``source``, writing only files that differ."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for rel in wanted:
        data = (source / rel).read_bytes()
        dest = target / rel
        if not dest.exists() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target)
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def serve(root: Path, port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    os.environ[ROOT_ENV] = str(root)
    docs = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    errors = regenerate(root, docs)
    for line in errors:
        print(line)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(f"预览地址：http://127.0.0.1:{port}/  （修改 units/ 下的文件后页面会自动刷新；Ctrl+C 退出）")
    try:
        mkdocs_serve(
            config_file=str(root / "mkdocs.yml"),
            livereload=True,
            dev_addr=f"127.0.0.1:{port}",
            docs_dir=str(docs),
            watch=[str(root / "units"), str(root / "content")],
            hooks=[str(Path(__file__).with_name("serve_hooks.py"))],
        )
    except BuildFailed as exc:  # pragma: no cover - regenerate reports errors as a page instead
        print(exc)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    return 0
