"""Big files are scanned block by block (leakscan.block_spans): exactly what scanning the whole text finds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.public.redact import detect
from site_builder.public.secretindex import SecretIndex
from site_builder.verify.leakscan import _drop_geometry, block_secrets, block_spans, blocks_of, decode_content
from site_builder.verify.verdicts import Verdicts

PIECES = [
    "13912345678",
    "139 1234 5678",
    "0730-1234567",
    "(0730)1234567",
    "400-123-4567",
    "+86 139-1234-5678",
    "电话：",
    "联系电话",
    "手机",
    "Tel:",
    "tel:+86139",
    "签名：",
    "签字:",
    "张三",
    "方桔",
    "日期",
    "\n",
    "\n\n",
    " ",
    "\t",
    "¥",
    "￥",
    "元",
    "万元",
    "（",
    "）",
    "(",
    ")",
    "[",
    "]",
    "、",
    "，",
    "转",
    "ext",
    "x",
    "<b>",
    "</b>",
    "|",
    "1",
    "2",
    "0",
    ".",
    ",",
    "-",
    "2021-03-30",
    "46161.7",
    "１３９１２３４５６７８",
    "a",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=400), st.integers(min_value=1, max_value=300))
def test_blocks_find_what_the_whole_text_finds(pieces: list[str], size: int) -> None:
    text = "".join(pieces)
    assert block_spans(text, {}, {}, blocks_of(text, size)) == detect(text)


SECRETS = ["13912345678", "0730-1234567", "1234567", "张三", "张三丰", "方桔", "三丰"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES + ["张三丰", "三丰", "１２３４５６７"]), max_size=400),
    st.integers(min_value=1, max_value=300),
    st.integers(min_value=0, max_value=40),
)
def test_block_secrets_find_what_the_whole_text_finds(pieces: list[str], size: int, margin: int) -> None:
    text = "".join(pieces)
    index = SecretIndex(SECRETS)
    kept: dict[str, list[list]] = {}
    assert block_secrets(text, index, {}, kept, blocks_of(text, size, margin), margin) == index.find_in(text)
    assert block_secrets(text, index, kept, {}, blocks_of(text, size, margin), margin) == index.find_in(
        text
    )  # from the cache


def test_block_secrets_are_kept_per_secrets() -> None:
    text = "\n".join(f"单位{i},联系人 张三,电话 {13900000000 + i}" for i in range(2000))
    kept: dict[str, list[list]] = {}
    assert len(block_secrets(text, SecretIndex(["张三"]), {}, kept, blocks_of(text, 4096))) == 2000
    other = SecretIndex(["13900000007"])
    assert block_secrets(text, other, kept, {}, blocks_of(text, 4096)) == other.find_in(text) != []


def test_the_site_wide_downloads_of_the_real_site(built_site: Path) -> None:
    for path in sorted((built_site / "data").iterdir()):
        text = _drop_geometry(decode_content(path.read_bytes()))
        assert block_spans(text, {}, {}, blocks_of(text, 512)) == detect(text), path.name
        index = SecretIndex(["0730-4412345", "方桔", "13907301234"])
        assert block_secrets(text, index, {}, {}, blocks_of(text, 512)) == index.find_in(text), path.name


def test_an_edit_detects_only_the_blocks_around_it_again() -> None:
    lines = [f"单位{i},电话：0730-{1000000 + i},金额,{i}.5万元" for i in range(3000)]
    text = "\n".join(lines)
    first: dict[str, list[list]] = {}
    spans = block_spans(text, {}, first, blocks_of(text, 4096))
    assert spans == detect(text) and len(spans) == 3000
    edited = text.replace("0730-1001500", "0730-1009999")
    second: dict[str, list[list]] = {}
    assert block_spans(edited, first, second, blocks_of(edited, 4096)) == detect(edited)
    assert 1 <= len(set(second) - set(first)) <= 3  # the edited block and the neighbours whose margins hold it


def test_scan_site_with_blocks_equals_scan_site_without_cache(tmp_path: Path) -> None:
    from site_builder.verify.leakscan import BLOCK_MIN_FILE, scan_site

    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    lines = [f"单位{i},金额,{i}.5万元,代码,{100000 + i}" for i in range(60000)]
    big = site / "data" / "reports.csv"
    big.write_text("\n".join(lines), encoding="utf-8")
    assert big.stat().st_size >= BLOCK_MIN_FILE
    cache = Verdicts()
    secrets = ["13907301234"]
    assert scan_site(site, secrets, cache) == scan_site(site, secrets) == []
    assert scan_site(site, secrets, cache) == []  # unchanged: the file's blocks stay in the cache
    assert cache.spans and cache.scanned["data/reports.csv"]["blocks"]
    lines[30000] = "联系人电话：13907301234"  # a leak planted in one block of the big file
    big.write_text("\n".join(lines), encoding="utf-8")
    with_cache = scan_site(site, secrets, cache)
    assert with_cache == scan_site(site, secrets) and len(with_cache) == 1
    lines[40000] = "单位40000,经办人,李四"  # a secret that was not one before, in another block
    big.write_text("\n".join(lines), encoding="utf-8")
    more = [*secrets, "李四"]
    assert scan_site(site, more, cache) == scan_site(site, more) != with_cache
    assert len(scan_site(site, more, cache)) == 2
