"""``import`` from start to end: read every file, map them to one draft, write it, and check it.

Takes the repository, the files, the unit and year; gives the lines to print (what was filled, what was left, the
result of ``check`` on the draft).  Any file that cannot be read stops everything before a file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from site_builder.checks.validate import validate
from site_builder.errors import ImportFailed
from site_builder.importing.draft import Written, write_draft
from site_builder.importing.mapper import map_documents
from site_builder.importing.readers import read_document
from site_builder.sources.load import UNIT_ID, YEAR, load


@dataclass
class Imported:
    written: Written
    check_lines: list[str]
    errors: int
    warnings: int


def import_files(root: Path, files: list[Path], unit_id: str, year: str, force: bool = False) -> Imported:
    if not UNIT_ID.match(unit_id) or not YEAR.match(year):
        raise ImportFailed(f"单位标识“{unit_id}”或年度“{year}”不合规，例如 --unit 430624-renshe --year 2021")
    if not (root / "units").is_dir():
        raise ImportFailed(f"{root}：不是报告仓库（没有 units/ 文件夹）；用 --root 指定仓库根目录")
    documents = []
    for path in files:
        try:
            documents.append(read_document(path))
        except (MemoryError, RecursionError):  # within the limits, yet too deep or too large to hold: refused
            raise ImportFailed(f"{path.name}：文件结构过大或嵌套过深，无法在内存限制内读取，拒绝导入") from None
        if not documents[-1].blocks:
            raise ImportFailed(f"{path.name}：没有读到任何文字或表格（空白或只有图片），请确认文件内容后再导入")
    draft = map_documents(documents, int(year))
    written = write_draft(root.resolve(), unit_id, int(year), draft, force)
    written.left += [f"无法作为数字读取、未导入的格子：{place}" for place in draft.skipped[:20]]
    checked = validate(load(root, [root / "units" / unit_id]))
    lines = [m.format() for m in checked.errors] + [m.format() for m in checked.warnings]
    return Imported(written, lines, len(checked.errors), len(checked.warnings))
