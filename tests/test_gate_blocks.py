"""Big files go through the leak gate block by block (gateblocks.scan_blocks): exactly what the gate finds in the
whole text, in the same order; kept clean blocks are not read again."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.verify.decode import decode_content
from site_builder.verify.gateblocks import scan_blocks
from site_builder.verify.gatefind import scan_text

PIECES = [
    "13912345678",
    "139 1234 5678",
    "0730-1234567",
    "1234567",
    "400-123-4567",
    "+86 139-1234-5678",
    "１３９１２３４５６７８",
    "一三九一二三四五六七八",
    "电话：",
    "联系电话",
    "手机",
    "Tel:",
    "传真 ",
    "签名：",
    "签字",
    "（签字）",
    "盖章",
    "填报人：",
    "审核人",
    "负责人 ",
    "张三",
    "王小明",
    "方桔",
    "日期",
    "a.b@example.com",
    "\n",
    "\n",
    "\n",
    " ",
    "  ",
    "\t",
    " " * 70,
    "*",
    "`",
    "\u200b",
    "¥",
    "元",
    "万元",
    "人次",
    "。",
    "（",
    "）",
    "：",
    "、",
    "，",
    "金额（万元）",
    "预算",
    "1",
    "2",
    "0",
    ".",
    ",",
    "-",
    "2021-03-30",
    "20210330",
    "46161.7",
    "a",
    "x",
]
RARE = ["<b>", "|", "｜", "\n\n"]  # the gate reads a text holding these as a whole


def _lines(pieces: list[str], repeat: int) -> str:
    return "".join(pieces) * repeat


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=600),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=20, max_value=2000),
    st.lists(st.sampled_from(["", "", "", *RARE]), max_size=2),
)
def test_blocks_find_what_the_whole_text_finds(pieces: list[str], repeat: int, size: int, rare: list[str]) -> None:
    text = _lines(pieces, repeat) + "".join(rare)
    found, clean = scan_blocks(text, ["1234567"], size=size)
    assert found == scan_text(text, ["1234567"])
    again, kept = scan_blocks(text, ["1234567"], clean=clean, size=size)  # clean blocks read from the verdicts
    assert again == found and kept == clean


def _download(rows: int) -> list[str]:
    return [f"单位{i},项目{i % 7},金额（万元）,{i}.5,完成率,9{i % 10}%,负责人 ,说明：年度目标完成" for i in range(rows)]


def test_a_download_goes_block_by_block_and_an_edit_reads_the_blocks_around_it_again() -> None:
    lines = _download(20000)
    text = "\n".join(lines) + "\n"
    found, clean = scan_blocks(text, size=4096)
    assert found == scan_text(text) == [] and len(clean) >= 200  # every block read, found clean
    lines[10000] = "单位10000,联系电话：13912345678,填报人：王小明"
    edited = "\n".join(lines) + "\n"
    found, kept = scan_blocks(edited, clean=clean, size=4096)
    assert found == scan_text(edited) and [f.kind for f in found] == ["phone", "signature"]
    assert 1 <= len(clean - kept) <= 3  # the edited block and the neighbours whose margins hold it: read again,
    assert len(kept - clean) <= 2  # the neighbours found clean again (the edited block is not: it has findings)


def test_tags_table_bars_or_blank_lines_make_the_gate_read_the_whole_text() -> None:
    lines = _download(3000)
    for whole in ("<p>", "| 签字 |", "\n"):
        text = "\n".join(lines[:1500] + [whole] + lines[1500:])
        found, clean = scan_blocks(text, size=4096)
        assert found == scan_text(text) and clean == set(), whole


def test_the_site_wide_downloads_of_the_real_site(built_site: Path) -> None:
    for path in sorted((built_site / "data").iterdir()):
        text = decode_content(path.read_bytes())
        assert scan_blocks(text, size=512)[0] == scan_text(text), path.name
