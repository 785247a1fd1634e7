"""``python -m site_builder serve``: live preview for a clerk editing a report.

The same steps as ``build`` — load → validate → public → render → index — into a preview folder, served by
mkdocs' live-reload server, which watches ``units/``, ``content/``, ``theme/`` and ``mkdocs.yml``, reruns the
steps after every change and refreshes the open page.  When the data has errors the preview shows them
instead of the site.  The preview skips verification and the Content-Security-Policy (the reload script is
inline); what is published is always made by ``build``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from site_builder.checks.validate import validate
from site_builder.pages.render import render_site
from site_builder.pages.theme import run_mkdocs
from site_builder.public.model import public_site
from site_builder.search.index import index_site
from site_builder.sources.load import load


def regenerate(root: Path, site_dir: Path) -> list[str]:
    """Render the preview of ``root`` into ``site_dir``; return the error lines (empty when the data is valid)."""
    checked = validate(load(root))
    work = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    try:
        fresh = work / "site"
        if checked.errors:
            lines = [m.format() for m in checked.errors]
            docs = work / "docs"
            docs.mkdir()
            (docs / "index.md").write_text(
                "# 数据有错误，暂时无法预览\n\n请按提示修改后保存，页面会自动刷新。\n\n"
                + "\n".join(f"- `{line}`" for line in lines)
                + "\n",
                encoding="utf-8",
            )
            logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the nav names pages the error preview lacks
            run_mkdocs(root / "mkdocs.yml", docs, fresh)
        else:
            render_site(public_site(checked), root, work / "docs", fresh, workers=1, csp=False)
            index_site(fresh)
        _replace(fresh, site_dir)
        return [m.format() for m in checked.errors]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _replace(new: Path, target: Path) -> None:
    """Put the new preview in place of the old one (the server keeps serving ``target``)."""
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    for child in new.iterdir():
        shutil.move(str(child), target / child.name)


def serve(root: Path, port: int = 8000) -> int:
    from mkdocs.livereload import LiveReloadServer

    root = root.resolve()
    site = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def rebuild() -> None:
        for line in regenerate(root, site):
            print(line)

    rebuild()
    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=port, root=str(site))
    for watched in ("units", "content", "theme", "mkdocs.yml"):
        if (root / watched).exists():
            server.watch(str(root / watched))
    print(f"预览地址：http://127.0.0.1:{port}/  （修改 units/ 下的文件后页面会自动刷新；Ctrl+C 退出）")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)
    return 0
