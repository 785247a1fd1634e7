"""Broken and hostile input on the way in: every file that cannot be used gets one clear line, nothing is skipped.

Each test corrupts a copy of the real reports the way units really do it (Excel and WPS exports, GBK files from
Chinese Windows, copy-paste from Word, hand-typed YAML) or the way an attacker would, and runs
``python -m site_builder check`` on it.  README.md, "Bad input and what it gets", lists them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
from derive import copy_seed_units
from seeds import ROOT

from site_builder.checks.validate import validate
from site_builder.cli.commands import main
from site_builder.sources.load import load
from site_builder.sources.yamlsource import MAX_BYTES, SourceError, parse_yaml

UNIT_DIR = "units/430624-renshe"
REPORT = f"{UNIT_DIR}/2021/report.yaml"
NARRATIVE = f"{UNIT_DIR}/2021/narrative.md"
PROJECT = f"{UNIT_DIR}/2021/projects/zhihui-renshe.yaml"
# path:line:column: field: 错误/警告：text — one line, nothing else
MESSAGE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^\n]+?): (?P<kind>错误|警告)：(?P<text>[^\n]+)$"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    copy_seed_units(tmp_path / "units")
    return tmp_path


def check(repo: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    code = main(["--root", str(repo), "check", *[str(repo / p) for p in paths]])
    lines = capsys.readouterr().out.splitlines()
    assert all(MESSAGE.match(line) for line in lines), lines
    return code, lines


def errors(lines: list[str]) -> list[str]:
    return [x for x in lines if "错误：" in x]


def edit(repo: Path, rel: str, old: str, new: str) -> int:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# ------------------------------------------------------------------ encodings


def test_utf8_with_bom_and_crlf_is_accepted_for_yaml_and_narratives(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for rel in (REPORT, NARRATIVE):
        text = (repo / rel).read_text(encoding="utf-8")
        (repo / rel).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 0 and errors(out) == []
    report = next(r for u in validate(load(repo)).units for r in u.reports if r.source.path == REPORT)
    assert report.narrative is not None and "\r" not in report.narrative and "\ufeff" not in report.narrative
    assert report.narrative == (ROOT / NARRATIVE).read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", [REPORT, NARRATIVE])
def test_gbk_file_is_refused_naming_the_file_and_how_to_convert(
    repo: Path, capsys: pytest.CaptureFixture[str], rel: str
) -> None:
    text = (repo / rel).read_text(encoding="utf-8")
    (repo / rel).write_bytes(text.encode("gb18030"))
    first = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    column = (
        len(
            next(line for line in text.splitlines() if not line.isascii()).split(
                next(c for c in text if not c.isascii())
            )[0]
        )
        + 1
    )
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [
        f"{rel}:{first}:{column}: -: 错误：文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码，中文 Windows、Excel 和 WPS 常用）；"
        "请用记事本“另存为”选择 UTF-8，或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件"
    ]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("UTF-16 text".encode("utf-16"), "文件是 UTF-16 编码（记事本中的“Unicode”）"),
        (b"PK\x03\x04\x14\x00\x06\x00", "这是 Word/Excel/WPS 的 .docx/.xlsx 文件（或 zip 压缩包），不是文本文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "这是 旧版 Word/Excel/WPS 的 .doc/.xls/.wps 文件，不是文本文件"),
        (b"%PDF-1.7\n", "这是 PDF 文件，不是文本文件"),
    ],
    ids=["utf16", "docx", "doc-wps", "pdf"],
)
def test_word_wps_pdf_and_utf16_files_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], raw: bytes, says: str
) -> None:
    (repo / NARRATIVE).write_bytes(raw)
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert len(errors(out)) == 1 and errors(out)[0].startswith(f"{NARRATIVE}:1:1: -: 错误：{says}")


@pytest.mark.parametrize("rel", [REPORT, NARRATIVE])
def test_invisible_control_characters_from_word_are_refused_with_their_position(
    repo: Path, capsys: pytest.CaptureFixture[str], rel: str
) -> None:
    text = (repo / rel).read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[2] = lines[2] + "\x0b"
    (repo / rel).write_text("\n".join(lines), encoding="utf-8")
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [
        f"{rel}:3:{len(lines[2])}: -: 错误：文件中有看不见的垂直制表符（Word 的手动换行）（U+000B），请删除它（或改为换行）后保存"
    ]


@pytest.mark.parametrize("rel", [REPORT, NARRATIVE])
def test_oversized_file_is_refused_without_being_read(repo: Path, capsys: pytest.CaptureFixture[str], rel: str) -> None:
    with (repo / rel).open("ab") as handle:
        handle.truncate(MAX_BYTES + 10)
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [
        f"{rel}:1:1: -: 错误：文件过大（{MAX_BYTES + 10} 字节，上限 {MAX_BYTES} 字节）：请检查是否误放了其他文件"
    ]


# ------------------------------------------------------------------ YAML


@pytest.mark.parametrize(
    ("old", "new", "line_offset", "column", "says"),
    [
        (
            "  annex: null\n",
            "\tannex: null\n",
            0,
            1,
            "此处有 Tab 字符（found character '\\t' that cannot start any token）；YAML 不能用 Tab 缩进，请改用空格",
        ),
        ("  annex: null\n", "  annex:\tnull\n  x:\t1\n", 0, 0, "YAML 不能用 Tab 缩进，请改用空格"),
        (
            "  issued_by: 湘阴县财政局（制）",
            "  issued_by: 财政局: 制",
            0,
            17,
            "这里不能出现“: ”：值里含有冒号时，请给整个值加英文引号",
        ),
        ("  issued_by: 湘阴县财政局（制）", '  issued_by: "湘阴县财政局（制）', None, None, "YAML 语法错误："),
        ("year: 2021\n", "year: 2021\n---\n", 1, 1, "一个文件只能有一份内容：请删除多余的 ---"),
        (
            "  issued_by: 湘阴县财政局（制）",
            "  issued_by: @财政局",
            0,
            14,
            "此处的字符不能作为值的开头：含 @ ` % 等符号的值请加英文引号",
        ),
    ],
    ids=["tab-indent", "tab-in-value", "colon-in-value", "unclosed-quote", "second-document", "at-sign"],
)
def test_yaml_syntax_errors_say_where_and_what_to_do(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    line_offset: int | None,
    column: int | None,
    says: str,
) -> None:
    line = edit(repo, REPORT, old, new)
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    (message,) = errors(out)
    assert says in message and "YAML 语法错误：" in message
    if line_offset is not None:
        assert message.startswith(f"{REPORT}:{line + line_offset}:")
        if column:
            assert message.startswith(f"{REPORT}:{line + line_offset}:{column}: ")


BILLION_LAUGHS = """unit: 430624-renshe
year: 2021
lol0: &lol0 "lol"
lol1: &lol1 [*lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0, *lol0]
lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
cover: *lol9
"""


def test_billion_laughs_is_refused_in_under_a_second_with_bounded_memory(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / REPORT).write_text(BILLION_LAUGHS, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    code, out = check(repo, capsys, UNIT_DIR)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024
    assert code == 1
    assert errors(out) == [f"{REPORT}:3:7: -: 错误：不支持 YAML 锚点和别名（& 和 *），请把内容直接写出"]


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("a: *undefined\n", 1, 4, "不支持 YAML 锚点和别名"),
        ("base: &b {x: 1}\n", 1, 7, "不支持 YAML 锚点和别名"),
        ("a:\n  <<: {x: 1}\n", 2, 3, "不支持 YAML 合并键"),
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, 43, "嵌套层级超过 40 层"),
        ("a: {" * 5000 + "}" * 5000 + "\n", 41, None, "嵌套层级超过 40 层"),
        ('"line\\nbreak": 1\n', 1, 1, "字段名不能为空，也不能含换行或 Tab"),
        ("? [a, b]\n: 1\n", 1, 3, "字段名必须是文字"),
        ("a: 1\x00\n", 1, 5, "空字符 NUL"),
    ],
    ids=["alias", "anchor", "merge-key", "deep-flow", "deep-mapping", "key-with-newline", "list-as-key", "nul"],
)
def test_yaml_features_we_refuse(text: str, line: int, column: int | None, says: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_yaml(text)
    assert says in caught.value.message and "\n" not in caught.value.message
    if column is None:
        return
    assert (caught.value.line, caught.value.column) == (line, column)


def test_python_tags_construct_nothing(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    edit(repo, REPORT, "  annex: null\n", f'  annex: !!python/object/apply:os.system ["touch {marker}"]\n')
    code, out = check(repo, capsys, UNIT_DIR)
    assert not marker.exists()
    assert code == 1 and errors(out) == [f"{REPORT}:6:3: cover.annex: 错误：应为文字，找到“列表”"]


# ------------------------------------------------------------------ amounts and dates


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("４８９２９．９", "金额应写成不带逗号、空格和单位的数字，找到“４８９２９．９”；应写成 48929.9"),
        ("¥2,768.2", "金额应写成不带逗号、空格和单位的数字，找到“¥2,768.2”；应写成 2768.2"),
        (
            "2768.2万元",
            "金额应写成不带逗号、空格和单位的数字，找到“2768.2万元”；应写成 2768.2（并把表格的 money_unit 设为相应单位），或 27682000.0（以元计）",
        ),
        ("27682000元", "金额应写成不带逗号、空格和单位的数字，找到“27682000元”；应写成 27682000"),
        ("(1,234)", "金额应写成不带逗号、空格和单位的数字，找到“(1,234)”；应写成 -1234"),
        ('"2768.2"', '金额应写成不加引号的数字，找到“"2768.2"”；应写成 2768.2'),
        ("—", "空白的金额请写 null（或不写这个字段），不要写“—”"),
        ("1" * 30, f"金额位数过多（{'1' * 30}），请检查是否粘贴错误"),
        ("约2768", "金额应为数字（例如 48929.9），找到“约2768”；空白请写 null"),
    ],
    ids=["full-width", "yuan-sign", "wan-yuan", "yuan", "accounting-negative", "quoted", "dash", "too-long", "words"],
)
def test_amounts_written_like_excel_get_the_correct_form(
    repo: Path, capsys: pytest.CaptureFixture[str], written: str, says: str
) -> None:
    line = edit(repo, REPORT, "      basic: 2768.2\n", f"      basic: {written}\n")
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [f"{REPORT}:{line}:7: expenditure.rows[0].basic: 错误：{says}"]


@pytest.mark.parametrize(
    "written",
    [
        "2021年3月30日",
        "2021.3.30",
        "2021/3/30",
        '"2021-03-30"',
        "2021年03月30日",
        "２０２１年３月３０日",
        "二〇二一年三月三十日",
    ],
)
def test_dates_in_common_chinese_forms_are_read(repo: Path, capsys: pytest.CaptureFixture[str], written: str) -> None:
    edit(repo, REPORT, "  report_date: 2021-03-30\n", f"  report_date: {written}\n")
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 0 and errors(out) == []
    report = next(r for u in validate(load(repo)).units for r in u.reports if r.source.path == REPORT)
    assert report.model.cover.report_date == dt.date(2021, 3, 30)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2021年2月30日", "日期不存在：2021年2月30日（2021 年 2 月没有 30 日）"),
        ("20210330", "日期应写成 2021-03-30，找到“20210330”"),
        ("3/30/2021", "日期应写成 2023-03-28 或 2023年3月28日，找到“3/30/2021”"),
        ("二〇二一年三月", "日期应写成 2023-03-28 或 2023年3月28日，找到“二〇二一年三月”"),
    ],
)
def test_dates_that_cannot_be_read_are_explained(
    repo: Path, capsys: pytest.CaptureFixture[str], written: str, says: str
) -> None:
    line = edit(repo, REPORT, "  report_date: 2021-03-30\n", f"  report_date: {written}\n")
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [f"{REPORT}:{line}:3: cover.report_date: 错误：{says}"]


def test_multiline_value_in_a_message_stays_on_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A block scalar where a number belongs: the message quotes it, and must stay one line."""
    edit(repo, REPORT, "year: 2021\n", "year: |\n  20\n  21\n")
    code = main(["--root", str(repo), "check", str(repo / UNIT_DIR)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines and all(MESSAGE.match(line) for line in lines), lines


# ------------------------------------------------------------------ folder and file names


@pytest.mark.parametrize(
    ("name", "shown", "reason"),
    [
        ("430624 renshe", "430624 renshe", "含有空格"),
        ("４３０６２４-renshe", "４３０６２４-renshe", "含有全角字符或汉字"),
        ("430624-renshe\u200b", "430624-renshe\\u200b", "含有看不见的字符（如零宽空格、换行）"),
        ("430624-renshe\n", "430624-renshe\\u000a", "含有看不见的字符（如零宽空格、换行）"),
        ("430624-Renshe", "430624-Renshe", "含有大写字母"),
        ("a..b", "a..b", "含有“..”"),
        ("430624_renshe", "430624_renshe", ""),
        ("湘阴县人社局", "湘阴县人社局", "含有全角字符或汉字"),
        ("430624-rénshe", "430624-rénshe", "含有非 ASCII 字符"),
    ],
    ids=[
        "space",
        "full-width",
        "zero-width-space",
        "newline",
        "upper-case",
        "dot-dot",
        "underscore",
        "chinese",
        "accent",
    ],
)
def test_unit_folder_names_that_are_not_plain_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str, shown: str, reason: str
) -> None:
    (repo / "units" / "430624-renshe").rename(repo / "units" / name)
    code, out = check(repo, capsys)
    assert code == 1
    because = f"：{reason}" if reason else ""
    assert errors(out) == [
        f"units/{shown}:1:1: -: 错误：单位文件夹名“{shown}”不合规{because}；只能用小写英文字母、数字和连字符，例如 430624-renshe"
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [("２０２１", "２０２１"), ("2021 ", "2021 "), ("2021\n", "2021\\u000a"), ("21", "21"), ("2021年", "2021年")],
    ids=["full-width", "trailing-space", "newline", "two-digits", "chinese"],
)
def test_year_folder_names_that_are_not_plain_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str, shown: str
) -> None:
    (repo / UNIT_DIR / "2021").rename(repo / UNIT_DIR / name)
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    (message,) = errors(out)
    assert message.startswith(f"{UNIT_DIR}/{shown}:1:1: -: 错误：年度文件夹名“{shown}”不合规")


@pytest.mark.parametrize(
    "name",
    [
        "zhihui renshe.yaml",
        "Zhihui-renshe.yaml",
        "zhihui..renshe.yaml",
        "ｚｈｉｈｕｉ.yaml",
        "zhihui\u200b.yaml",
        "zhihui-renshe.yml",
    ],
    ids=["space", "upper-case", "dot-dot", "full-width", "zero-width-space", "yml"],
)
def test_project_slugs_that_are_not_plain_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    projects = repo / UNIT_DIR / "2021" / "projects"
    (projects / "zhihui-renshe.yaml").rename(projects / name)
    (projects / "zhihui-renshe.md").unlink()
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    (message,) = errors(out)
    assert "项目文件名" in message and "不合规" in message


@pytest.mark.parametrize("what", ["report.yaml", "narrative.md", "year folder", "unit folder", "projects"])
def test_symlinks_that_leave_units_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, what: str
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    year = repo / UNIT_DIR / "2021"
    target = {
        "report.yaml": (year / "report.yaml", outside / "report.yaml"),
        "narrative.md": (year / "narrative.md", outside / "secret.md"),
        "year folder": (year, outside / "2021"),
        "unit folder": (repo / UNIT_DIR, outside / "unit"),
        "projects": (year / "projects", outside / "projects"),
    }[what]
    link, real = target
    shutil.move(link, real)
    os.symlink(real, link)
    code, out = check(repo, capsys)
    assert code == 1
    rel = link.relative_to(repo).as_posix()
    assert f"{rel}:1:1: -: 错误：链接指向 units/ 以外的位置，已拒绝" in errors(out)


def test_unknown_file_in_a_year_folder_is_reported_not_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = repo / UNIT_DIR / "2021"
    (year / "narrative.md").rename(year / "narative.md")
    (year / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden files are ignored
    (year / "chart.png").write_bytes(b"\x89PNG")  # pictures may sit next to the narrative
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [
        f"{UNIT_DIR}/2021/narative.md:1:1: -: 错误：未知文件“narative.md”（是否应为 narrative.md？）："
        "年度文件夹下只应有 report.yaml、narrative.md、projects/ 和图片"
    ]


def test_a_hidden_folder_is_reported_not_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / UNIT_DIR).rename(repo / "units" / ".430624-renshe")
    (repo / "units" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    code, out = check(repo, capsys)
    assert code == 1
    assert errors(out) == [
        "units/.430624-renshe:1:1: -: 错误：隐藏文件夹“.430624-renshe”中的内容不会发布：请改名（去掉开头的“.”）或删除"
    ]


def test_a_folder_in_place_of_a_file_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    narrative = repo / NARRATIVE
    narrative.unlink()
    narrative.mkdir()
    code, out = check(repo, capsys, UNIT_DIR)
    assert code == 1
    assert errors(out) == [f"{NARRATIVE}:1:1: -: 错误：应为普通文件（不能是文件夹、链接或设备）"]


def test_check_of_a_path_that_is_not_there_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(repo, capsys, "units/430624-renshee")
    assert code == 1
    assert errors(out) == ["units/430624-renshee:1:1: -: 错误：找不到这个文件或文件夹"]
    assert main(["--root", str(repo), "check", str(repo / "units")]) == 0
    assert "检查完成：5 份报告，0 个错误" in capsys.readouterr().err  # units/ itself means every unit, not none


def test_unit_name_with_backslash_and_quotes_keeps_its_page_title(tmp_path: Path) -> None:
    """Names reach the pages' front matter as JSON strings: no character can break a page's title or search entry."""
    import html as html_module

    from derive import repo_copy
    from sitebuild import parse

    from site_builder.build import build

    repo = repo_copy(tmp_path)
    unit = repo / "units/430682-shebao/unit.yaml"
    hostile = "临湘市社会保险服务中心\\\"<b>&'"  # backslash, double quote, markup, ampersand, single quote
    quoted = "'" + hostile.replace("'", "''") + "'"  # as a YAML single-quoted scalar
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("name: 临湘市社会保险服务中心", f"name: {quoted}"), encoding="utf-8"
    )
    build(repo, repo / "site", log=lambda line: None)
    html = (repo / "site/units/430682-shebao/2022/index.html").read_text(encoding="utf-8")
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert html_module.unescape(title).startswith(hostile), title
    assert "<b>" not in html.split("<article", 1)[1]
    assert parse(repo / "site/units/430682-shebao/2022/index.html").parts
