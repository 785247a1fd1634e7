"""The leak scan over a built site: every file, every encoding, every leak reported with its path."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

from site_builder.public.textnorm import MARKER
from site_builder.verify.leakscan import SiteLeak, decode_content, scan_site
from site_builder.verify.verdicts import Verdicts

SECRETS = ["方某", "3989001", "0730-2266341", "13812345678"]

CLEAN_HTML = f"""<!doctype html><html lang="zh"><body>
<h1>湘阴县人力资源和社会保障局2021年度部门整体支出绩效自评报告</h1>
<p>全年支出48929.9万元，其中项目支出46161.7万元；盐边县支出7851828.47元。</p>
<p>参保364595人，邮编414600，预算编码301001，依据湘财绩〔2020〕4号、川财社【2018】11号。</p>
<p>报告日期2023-03-28，2021年1-12月，控制在5.4%以内，“12345”转来信访件950余件。</p>
<p>联系人：张三，联系电话：{MARKER}；填报人（签名）：{MARKER}</p>
</body></html>
"""


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _leaky_site(root: Path) -> dict[str, str]:
    """A fake built site with one leak per file; returns path → expected leak kind."""
    _write(root / "index.html", CLEAN_HTML)
    _write(root / "units" / "a" / "index.html", "<p>办公室电话：0731-84567890</p>")
    _write(root / "data" / "reports.json", json.dumps({"contact": {"phone": "13912345678"}}))
    fragment = b"pagefind_dcd" + json.dumps({"content": "联系电话：15012345678"}, ensure_ascii=False).encode()
    _write(root / "pagefind" / "fragment" / "x.pf_fragment", gzip.compress(fragment))
    _write(root / "pagefind" / "index" / "en_1.pf_index", gzip.compress(b"pagefind_dcd\x00\x91\xa5 3989001 \x92"))
    _write(root / "archive" / "old.html.gz", gzip.compress(b"<td>0730-2266341</td>"))
    entity = "".join(f"&#{ord(c)};" for c in "13712345678")
    _write(root / "entity.html", f"<p>手机{entity}</p>")
    _write(root / "link.html", '<a href="tel:%31%33%36%31%32%33%34%35%36%37%38">拨打</a>')
    _write(root / "escaped.json", json.dumps({"filled_by": "方某"}))  # ensure_ascii: \u65b9\u67d0
    _write(root / "sig.txt", "评价组组长（签字）：赵某某")
    _write(root / "logo.png", b"\x89PNG 13912345678")  # images are skipped
    _write(root / "fonts" / "a.woff2", b"13912345678")
    return {
        "units/a/index.html": "phone",
        "data/reports.json": "phone",
        "pagefind/fragment/x.pf_fragment": "phone",
        "pagefind/index/en_1.pf_index": "phone",
        "archive/old.html.gz": "phone",
        "entity.html": "phone",
        "link.html": "phone",
        "escaped.json": "signature",
        "sig.txt": "signature",
    }


def test_every_leak_is_found_with_its_path(tmp_path: Path) -> None:
    expected = _leaky_site(tmp_path)
    leaks = scan_site(tmp_path, SECRETS)
    assert all(isinstance(leak, SiteLeak) for leak in leaks)
    found = {(leak.path, leak.kind) for leak in leaks}
    for path, kind in expected.items():
        assert (path, kind) in found, path
    assert {leak.path for leak in leaks} == set(expected)  # nothing from the clean page, images or fonts
    for leak in leaks:
        assert "*" in leak.masked
        for raw in ("13912345678", "15012345678", "13712345678", "13612345678", "84567890", "2266341", "3989001"):
            assert raw not in leak.context
        assert "方某" not in leak.context and "赵某某" not in leak.context


def test_all_leaks_in_one_file_are_reported(tmp_path: Path) -> None:
    _write(tmp_path / "index.html", "<p>13912345678</p><p>0730-2266341</p><p>方某</p><p>13812345678</p>")
    leaks = scan_site(tmp_path, SECRETS)
    assert [leak.masked for leak in leaks] == ["*********78", "*********41", "*某", "*********78"]
    assert {leak.path for leak in leaks} == {"index.html"}


def test_secret_variants(tmp_path: Path) -> None:
    _write(tmp_path / "a.html", "<p>李某 398 9001</p>")
    _write(tmp_path / "b.html", "<p>李某 ３９８９００１</p>")
    _write(tmp_path / "c.html", "<p>李某 398-9001</p>")
    _write(tmp_path / "d.html", "<p>代码 13989001x 不是</p>")
    leaks = scan_site(tmp_path, ["3989001", "x", ""])
    assert sorted(leak.path for leak in leaks) == ["a.html", "b.html", "c.html"]


def test_clean_site_has_no_leaks(tmp_path: Path) -> None:
    _write(tmp_path / "index.html", CLEAN_HTML)
    _write(tmp_path / "search.json", json.dumps({"text": CLEAN_HTML}))
    fragment = b"pagefind_dcd" + json.dumps({"content": CLEAN_HTML}).encode()
    _write(tmp_path / "pagefind" / "fragment" / "y.pf_fragment", gzip.compress(fragment))
    _write(tmp_path / "pagefind" / "pagefind-entry.json", '{"version":"1.1.0","languages":{"zh":{"hash":"zh_4d5e6f"}}}')
    _write(
        tmp_path / "sitemap.xml.gz", gzip.compress(b"<urlset><url><loc>/units/430624-renshe/2021/</loc></url></urlset>")
    )
    _write(tmp_path / "logo.png", b"\x89PNG")
    icon = '<svg viewBox="0 0 24 24"><path d="M12 2C6.48 2 2 6.48 2 12m0 18.375 0 0 1 13912345678 0 0 1z"/></svg>'
    _write(
        tmp_path / "icons.html", f"<p>{icon}</p><script>var s = '{icon.replace(chr(34), chr(92) + chr(34))}'</script>"
    )
    assert scan_site(tmp_path, SECRETS) == []


def test_decode_content() -> None:
    assert decode_content(gzip.compress("手机&#49;3912345678".encode())) == "手机13912345678"
    assert decode_content(b"%E6%96%B9%E6%9F%90") == "方某"
    assert decode_content(b"\\u65b9\\u67d0") == "方某"
    assert decode_content(gzip.compress(gzip.compress(b"x"))) == "x"
    assert "13912345678" in decode_content(b"pagefind_dcd\xff\xfe 13912345678")


def test_secret_index_finds_secrets_however_written_and_only_whole() -> None:
    """The index replaces one pattern per secret: the same rules, read in one pass."""
    from site_builder.public.redact import scan_text
    from site_builder.public.secretindex import SecretIndex

    index = SecretIndex(["0730-2266341", "方桔", "13575055588", "1"])

    def kinds(text: str) -> list[str]:
        return [f.kind for f in scan_text(text, index) if f.masked.endswith(("41", "桔", "88"))]

    assert "phone" in kinds("电话0730 226 6341")
    assert "phone" in kinds("（０７３０）２２６６３４１")
    assert "phone" in kinds("金额 135.7505.5588")  # separators between digits
    assert kinds("编号 9907302266341") == []  # runs on into other digits: another number
    assert "signature" in kinds("审核：方桔。")
    assert kinds("方") == []


# ---------------------------------------------------------------- faster decoding, same text

import re  # noqa: E402
import urllib.parse  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from site_builder.verify import leakscan  # noqa: E402


@given(
    st.lists(
        st.sampled_from(
            [
                "%",
                "%3",
                "%31",
                "%E6",
                "%96",
                "%B9",
                "%e6%96%b9",
                "%ZZ",
                "%f0%9f",
                "a",
                "1",
                " ",
                "方",
                "%C3",
                "%A9",
                "%80",
                "%FF",
                "\n",
                "%%",
                "%2",
            ]
        ),
        max_size=30,
    ).map("".join)
)
@settings(max_examples=500, deadline=None)
def test_unquote_is_urllib_unquote(text: str) -> None:
    assert leakscan._unquote(text) == urllib.parse.unquote(text)


@given(
    st.lists(
        st.sampled_from(
            [
                "d",
                "D",
                "points",
                "POINTS",
                "viewBox",
                "transform",
                "ſ",
                "ı",
                "=",
                " = ",
                '"',
                "'",
                '\\"',
                "<",
                ">",
                "M12 2",
                "13912345678",
                "x",
                ":",
                "-",
                "a",
                "\n",
                "<path ",
                "/>",
                "id",
                " ",
                "中",
            ]
        ),
        max_size=30,
    ).map("".join)
)
@settings(max_examples=500, deadline=None)
def test_drop_geometry_is_the_pattern_substitution(text: str) -> None:
    assert leakscan._drop_geometry(text) == leakscan._GEOMETRY.sub('d=""', text)


def test_geometry_hint_covers_every_case_variant() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for word in ("d", "points", "viewbox", "transform"):
        for letter in set(word):
            variants = "".join(sorted({m.group() for m in re.finditer(f"(?i){letter}", every)}))
            text = "".join(" " + word.replace(letter, v) + "=" for v in variants)
            assert len(list(leakscan._GEOMETRY_HINT.finditer(text))) == len(variants), (word, variants)


# ---------------------------------------------------------------- the cache


def test_cache_gives_the_same_leaks(tmp_path: Path) -> None:
    _leaky_site(tmp_path / "site")
    plain = scan_site(tmp_path / "site", SECRETS)
    verdicts = Verdicts()
    assert scan_site(tmp_path / "site", SECRETS, verdicts) == plain  # cold
    assert scan_site(tmp_path / "site", SECRETS, verdicts) == plain  # warm
    cached = pickle.dumps(verdicts)
    assert b"*********78" in cached  # the findings are in the pickled cache, as UTF-8
    for raw in ("13912345678", "15012345678", "0731-84567890", "3989001", "方某", "赵某某"):
        assert raw.encode() not in cached  # masked findings and positions only


def test_changed_file_is_rescanned(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", Verdicts()
    _write(site / "index.html", CLEAN_HTML)
    _write(site / "other.html", "<p>全年支出48929.9万元</p>")
    assert scan_site(site, SECRETS, verdicts=cache) == []
    _write(site / "index.html", CLEAN_HTML.replace("</body>", "<p>值班手机 13912345678</p></body>"))
    leaks = scan_site(site, SECRETS, verdicts=cache)
    assert [(leak.path, leak.kind, leak.masked) for leak in leaks] == [("index.html", "phone", "*********78")]
    _write(site / "index.html", CLEAN_HTML)
    assert scan_site(site, SECRETS, verdicts=cache) == []


def test_new_secret_is_found_in_an_unchanged_cached_file(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", Verdicts()
    _write(site / "a.html", "<p>审核：钱某某，值班 3989002</p>")
    _write(site / "b.html", "<p>评审：孙某</p>")
    assert scan_site(site, SECRETS, verdicts=cache) == []  # not yet secrets; 3989002 needs a label
    leaks = scan_site(site, [*SECRETS, "钱某某", "3989002"], verdicts=cache)
    assert sorted((leak.path, leak.kind, leak.masked) for leak in leaks) == [
        ("a.html", "phone", "*****02"),
        ("a.html", "signature", "*某某"),
    ]
    assert scan_site(site, SECRETS, verdicts=cache) == []  # and gone when they are no longer secrets
    assert [leak.path for leak in scan_site(site, ["孙某"], verdicts=cache)] == ["b.html"]


def test_a_kept_verdict_holds_for_the_same_bytes_only(tmp_path: Path) -> None:
    """(That verdicts of other code are never read is the store's: tests/test_verify_cache.py.)"""
    site, cache = tmp_path / "site", Verdicts()
    _write(site / "a.html", "<p>值班手机 13912345678</p>")
    assert len(scan_site(site, SECRETS, verdicts=cache)) == 1
    for entry in cache.scanned.values():
        entry["findings"], entry["spans"] = [], []  # a wrong verdict…
    assert scan_site(site, SECRETS, verdicts=cache) == []  # …is believed for the same bytes (so it is read),
    _write(site / "a.html", "<p>值班手机 13912345678。</p>")
    assert len(scan_site(site, SECRETS, verdicts=cache)) == 1  # …and not for others


@pytest.mark.parametrize("relative", ["a/b.PNG", "x.tar.gz", ".hidden", "a.", "a/.b.woff2", "noext", "d.e/f", "a..b"])
def test_extension_follows_pathlib(relative: str) -> None:
    from site_builder.verify.leakscan import _extension

    assert _extension(relative) == Path(relative).suffix.lower().lstrip(".")


def test_only_pagefinds_webassembly_is_skipped_as_code() -> None:
    from site_builder.verify.leakscan import _is_code

    assert _is_code("pagefind/wasm.zh-cn.pagefind") and _is_code("pagefind/wasm.unknown.pagefind")
    assert not _is_code("pagefind/4301/wasm.x.json") and not _is_code("wasm.zh.pagefind")
    assert not _is_code("pagefind/fragment/wasm.x.pf_fragment") and not _is_code("units/pagefind-x/wasm.a.pagefind")
