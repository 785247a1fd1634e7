"""The redaction engine: every phone number and signature goes, every figure stays.

Nothing here prints a real phone number from the seeds: messages show masked values or counts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SUMMARY
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.public.redact import Finding, Removal, mask, redact_text, scan_text
from site_builder.public.textnorm import MARKER

SEEDS = Path(__file__).resolve().parent / "seeds"

# ---------------------------------------------------------------- corpora

# ≥ 40 phone forms that need no label (fake but well-formed numbers).
PHONES: list[str] = [
    # mobiles
    "13912345678",
    "139 1234 5678",
    "139-1234-5678",
    "1391234 5678",
    "1391 234 5678",
    "+86 13912345678",
    "+86-139-1234-5678",
    "+8613912345678",
    "0086 13912345678",
    "0086-139-1234-5678",
    "86 13912345678",
    "8613912345678",
    "86-13912345678",
    "(+86)13912345678",
    "（+86）139 1234 5678",
    "＋８６ １３９１２３４５６７８",
    "１３９１２３４５６７８",
    "１３９－１２３４－５６７８",
    "18674012345",
    "15073012345",
    "17712345678",
    "19912345678",
    "166 0730 1234",
    # landlines with area code
    "0730-2266341",
    "0730 2266341",
    "0730 226 6341",
    "(0730)2266341",
    "（0730）2266341",
    "（0730）226-6341",
    "07302266341",
    "0730-2266341转8001",
    "0730-2266341-8001",
    "0730-2266341 ext.8001",
    "+86 730 2266341",
    "+86-730-2266341",
    "+86 (730) 2266341",
    "010-62345678",
    "021 6234 5678",
    "028-85123456",
    "０７３０－２２６６３４１",
    "0812—3512345",
    "0731-84567890",
    # service numbers
    "400-123-4567",
    "4008208820",
    "800-820-8820",
    "400 820 8820",
]

# Local numbers: phones only because a label says so.
LABELLED: list[str] = [
    "联系电话 3989001",
    "联系电话：3989001",
    "联系电话:83989001",
    "联络电话：2266341",
    "电话：398 9001",
    "电话号码：83989001",
    "手机：3989001",
    "座机：2266341转123",
    "Tel: 3989001",
    "TEL:83989001",
    "tel: 2266341 ext.12",
    "联系方式：3989001",
    "联系电话（办）：3989001",
    "\t联系电话\n\t3989001",
]

SIGNATURES: list[tuple[str, str]] = [
    # (line, expected public line)
    ("填报人（签名）：方某", "填报人（签名）：" + MARKER),
    ("填报人(签名):方某", "填报人(签名):" + MARKER),
    ("负责人（签章）：王某某", "负责人（签章）：" + MARKER),
    ("评价组组长（签字）：李四", "评价组组长（签字）：" + MARKER),
    ("部门（单位）负责人（签章）： 赵某", "部门（单位）负责人（签章）： " + MARKER),
    ("签字：张三", "签字：" + MARKER),
    ("签名：钱某某  日期：2023年3月28日", "签名：" + MARKER + "  日期：2023年3月28日"),
    ("填报人（签名）：方某                联系电话：13912345678", None),
    ("填报人（签名）：方某联系电话：13912345678", None),
    ("签章：孙某\n下一行", "签章：" + MARKER + "\n下一行"),
    ("项目单位负责人（签章）：周某某         ", "项目单位负责人（签章）：" + MARKER + "         "),
]

EMPTY_SIGNATURES: list[str] = [
    "填报人（签名）：                               联系电话：",
    "评价组组长（签字）：",
    "评价组组长（签字）：         \n",
    "                                         部门（单位）负责人（签章）：\n",
    "财政部门归口业务科室负责人（签章）：联系电话：",
    "签字：2023年3月28日",
    "签名：________",
    "谁办理、谁审核、谁签字、谁负责",
]

# ≥ 40 look-alikes, each printed in one of the real reports (tests/seeds/*.txt).
LOOKALIKES: list[str] = [
    "48929.9",
    "46161.7",
    "46161.6",
    "7851828.47元",
    "9815246.13元",
    "15901585.76元",
    "6373218元",
    "5284739.7元",
    "2567088.77元",
    "364595",
    "124202",
    "485044",
    "587714",
    "660000",
    "770600",
    "414600",
    "414300",
    "301001",
    "2021年1-12月",
    "2014-2017",
    "湘财绩〔2020〕4号",
    "湘编〔2019〕19号",
    "湘财社指〔2018〕110号",
    "湘人社工字【2010】169号",
    "川财社【2018】11号",
    "盐财资行【2020】274号",
    "5.4%以内",
    "95%以上",
    "100%",
    "97%",
    "“12345”转来信访件950余件",
    "1565.99万元",
    "2.56亿元",
    "2.68万",
    "1537件",
    "1220元/月",
    "0.0026",
    "16014.989",
    "275,585.14",
    "10,853",
    "8427",
    "18518",
    "3月28日",
    "2019年",
    "2020年度",
]

# Amounts that look exactly like phones; the unit makes them figures.
PHONE_SHAPED_AMOUNTS: list[str] = [
    "13575055588元",
    "13912345678万元",
    "¥13912345678",
    "￥ 13912345678",
    "13912345678人次",
    "4001234567元",
    "07302266341.5",
    "2023-03-28",
    "2021-03-30",
]

SENTENCES: list[str] = [
    "如有疑问，请联系局办公室，电话{p}，工作日受理。",
    "咨询热线为{p}，全年无休。",
    "本项目联系人为张三（{p}），负责资金拨付。",
    "群众可通过{p}反映问题，“12345”转来信访件950余件均已办结。",
    "全年支出48929.9万元；办公室：{p}；邮编414600。",
]

SEED_PHONES: dict[str, list[str]] = {
    "000_e0ff69c8a04ca770.txt": ["13575055588", "0730-2266341"],
    "004_0ac09c0836322316.txt": ["15773028500", "18274135788", "3989001"],
}
SEED_SIGNATURES: dict[str, list[str]] = {"004_0ac09c0836322316.txt": ["方桔"]}
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*(?:万元|亿元|元|%|人|件|户)?")


def _digits(text: str) -> str:
    table = {0xFF10 + i: ord("0") + i for i in range(10)}
    return "".join(ch for ch in text.translate(table) if ch.isascii() and ch.isdigit())


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _all_seeds() -> str:
    return "\n".join(_seed(p.name) for p in sorted(SEEDS.glob("*.txt")))


def _gone(phone: str, public: str) -> bool:
    """No trace of ``phone`` in ``public``: neither as written nor as its subscriber digits."""
    digits = _digits(phone)
    return phone not in public and digits[-7:] not in _digits(public)


# ---------------------------------------------------------------- phones


def test_corpus_sizes() -> None:
    assert len(PHONES) + len(LABELLED) >= 40
    assert len(PHONES) >= 40
    assert len(SIGNATURES) >= 8
    assert len(LOOKALIKES) >= 40


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_phone_in_narrative_is_removed(phone: str, sentence: str) -> None:
    text = sentence.format(p=phone)
    public, removals = redact_text(text)
    assert _gone(phone, public), mask(phone, "phone")
    assert public == sentence.format(p=MARKER)
    assert [r.kind for r in removals] == ["phone"]


@pytest.mark.parametrize("labelled", LABELLED)
def test_labelled_local_number_is_removed(labelled: str) -> None:
    text = f"项目负责人李某，{labelled}，项目地址社保中心。"
    public, removals = redact_text(text)
    number = re.search(r"\d[\d ]*\d", labelled).group()
    assert _gone(number, public)
    assert MARKER in public
    assert len(removals) == 1
    assert public.startswith("项目负责人李某，") and public.endswith("，项目地址社保中心。")


@pytest.mark.parametrize("phone", PHONES)
def test_phone_in_markdown_table_list_and_link(phone: str) -> None:
    markdown = (
        "| 科室 | 电话 |\n|---|---|\n"
        f"| 办公室 | {phone} |\n\n"
        f"- 值班电话：{phone}\n"
        f"1. [拨打办公室电话](tel:{phone})\n"
        f'<a href="tel:{phone}">办公室</a>\n'
    )
    public, removals = redact_text(markdown)
    assert _gone(phone, public), mask(phone, "phone")
    assert public.count(MARKER) == 4
    assert len(removals) == 4
    assert "| 办公室 | " + MARKER + " |" in public
    assert "[拨打办公室电话](" + MARKER + ")" in public


def test_several_numbers_after_one_label() -> None:
    public, removals = redact_text("联系电话：3989001、3989002，或13912345678")
    assert public == f"联系电话：{MARKER}、{MARKER}，或{MARKER}"
    assert len(removals) == 3


def test_code_and_markup_are_not_phones() -> None:
    for text in [
        "'0123456789abcdef'",
        "digits = set('-0123456789')",
        "data:font/woff2;base64,AAAB13912345678CCC",
        "0x13912345678",
        '<path d="M19.7-55.8.9-115.1 44.5-115.1 0-13.4-9.4-19.6-41.2"/>',
        "translate(175000000.00, 1,750,000,000)",
    ]:
        assert redact_text(text) == (text, []), text


def test_public_hotlines_are_kept() -> None:
    for text in ["服务热线12345", "咨询电话：12345", "电话 12333", "报警110，急救120，火警119", "客服电话95588"]:
        assert redact_text(text) == (text, [])


def test_removal_records_offsets_and_masked_value() -> None:
    text = "电话：13912345678。"
    public, removals = redact_text(text)
    (removal,) = removals
    assert isinstance(removal, Removal)
    assert text[removal.start : removal.end] == removal.original == "13912345678"
    assert removal.masked == "*********78"
    assert public == "电话：" + MARKER + "。"


def test_redaction_is_idempotent() -> None:
    text = "填报人（签名）：方某   联系电话：13912345678"
    once, _ = redact_text(text)
    assert redact_text(once) == (once, [])


# ---------------------------------------------------------------- signatures


@pytest.mark.parametrize(("line", "expected"), SIGNATURES)
def test_signature_value_is_removed(line: str, expected: str | None) -> None:
    public, removals = redact_text(line)
    if expected is not None:
        assert public == expected
    assert "signature" in [r.kind for r in removals]
    for name in ("方某", "王某某", "李四", "赵某", "张三", "钱某某", "孙某", "周某某"):
        assert name not in public
    assert "13912345678" not in public


@pytest.mark.parametrize("line", SIGNATURES, ids=range(len(SIGNATURES)))
def test_signature_in_markdown_list_and_table(line: tuple[str, str | None]) -> None:
    value = line[0].split("\n")[0].strip()
    markdown = f"- {value}\n\n| 栏目 | 内容 |\n|---|---|\n| 填报 | {value} |\n"
    public, removals = redact_text(markdown)
    assert sum(r.kind == "signature" for r in removals) == 2
    assert public.count(MARKER) >= 2


@pytest.mark.parametrize("line", EMPTY_SIGNATURES)
def test_empty_signature_line_stays(line: str) -> None:
    assert redact_text(line) == (line, [])


def test_signature_mask_keeps_little() -> None:
    assert mask("方某", "signature") == "*某"
    assert mask("王某某", "signature") == "*某某"
    assert mask("13912345678", "phone") == "*********78"


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize("figure", LOOKALIKES)
def test_lookalike_occurs_in_a_real_report(figure: str) -> None:
    assert figure in _all_seeds()


@pytest.mark.parametrize("figure", LOOKALIKES + PHONE_SHAPED_AMOUNTS)
def test_lookalike_survives(figure: str) -> None:
    for sentence in SENTENCES:
        text = sentence.replace("{p}", figure)
        assert redact_text(text) == (text, [])
    assert redact_text(figure) == (figure, [])
    assert redact_text(f"| {figure} | {figure} |\n- {figure}\n") == (f"| {figure} | {figure} |\n- {figure}\n", [])


@pytest.mark.parametrize("figure", LOOKALIKES)
def test_lookalike_survives_in_its_seed_context(figure: str) -> None:
    text = _all_seeds()
    at = text.index(figure)
    window = text[max(0, at - 40) : at + len(figure) + 40]
    public, _ = redact_text(window)
    assert figure in public


def test_recall_and_precision() -> None:
    planted = removed = 0
    for phone in PHONES:
        for sentence in SENTENCES:
            planted += 1
            public, _ = redact_text(sentence.format(p=phone))
            removed += _gone(phone, public) and MARKER in public
    for labelled in LABELLED:
        planted += 1
        public, _ = redact_text(f"项目负责人李某，{labelled}。")
        removed += MARKER in public and _digits(labelled)[-7:] not in _digits(public)
    for line, _expected in SIGNATURES:
        planted += 1
        public, removals = redact_text(line)
        removed += any(r.kind == "signature" for r in removals)
    present = kept = 0
    for figure in LOOKALIKES + PHONE_SHAPED_AMOUNTS:
        for sentence in SENTENCES:
            present += 1
            text = sentence.replace("{p}", figure)
            kept += redact_text(text)[0] == text
    for name in sorted(SEEDS.glob("*.txt")):
        text = _seed(name.name)
        public, _ = redact_text(text)
        before = _figures(text, name.name)
        after = _figures(public, name.name)
        present += sum(before.values())
        kept += sum(min(n, after.get(k, 0)) for k, n in before.items())
    recall = removed / planted
    precision = kept / present
    line = f"redaction recall {recall:.1%} ({removed}/{planted}), precision {precision:.1%} ({kept}/{present})"
    print(line)
    SUMMARY.append(line)
    assert recall == 1.0
    assert precision == 1.0


# ---------------------------------------------------------------- the real seeds


def _figures(text: str, seed_name: str) -> dict[str, int]:
    """Every figure token of a seed and its count, the seed's phones left out."""
    for phone in SEED_PHONES.get(seed_name, []):
        text = text.replace(phone, " ")
    counts: dict[str, int] = {}
    for m in _FIGURE.finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return counts


SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("seed_name", SEED_NAMES)
def test_seed_phones_and_signatures_are_removed(seed_name: str) -> None:
    text = _seed(seed_name)
    public, removals = redact_text(text)
    phones = SEED_PHONES.get(seed_name, [])
    for phone in phones:
        assert phone in text  # the corpus is real
        assert phone not in public, mask(phone, "phone")
        assert _digits(phone) not in _digits(public), mask(phone, "phone")
    for name in SEED_SIGNATURES.get(seed_name, []):
        assert name in text
        assert name not in public, mask(name, "signature")
    assert sum(r.kind == "phone" for r in removals) >= sum(text.count(p) for p in phones)
    kinds = sorted({r.kind for r in removals})
    print(f"{seed_name}: {len(removals)} removals {kinds} {[r.masked for r in removals]}")


@pytest.mark.parametrize("seed_name", SEED_NAMES)
def test_seed_figures_survive(seed_name: str) -> None:
    text = _seed(seed_name)
    public, _ = redact_text(text)
    before = _figures(text, seed_name)
    after = _figures(public, seed_name)
    assert sum(before.values()) >= 30
    lost = sorted(k for k, n in before.items() if after.get(k, 0) < n)
    assert not lost, f"{len(lost)} figures harmed: {lost[:10]}"


@pytest.mark.parametrize("seed_name", SEED_NAMES)
def test_seed_redaction_changes_nothing_else(seed_name: str) -> None:
    text = _seed(seed_name)
    public, removals = redact_text(text)
    # Putting the originals back gives the seed exactly.
    out, pos = [], 0
    for removal in removals:
        out.append(text[pos : removal.start])
        out.append(removal.original)
        pos = removal.end
    out.append(text[pos:])
    assert "".join(out) == text
    assert len(public) == len(text) - sum(r.end - r.start for r in removals) + len(MARKER) * len(removals)


# ---------------------------------------------------------------- scan_text


def test_scan_finds_what_redact_removes() -> None:
    for phone in PHONES:
        for sentence in SENTENCES:
            text = sentence.format(p=phone)
            findings = scan_text(text)
            assert len(findings) == len(redact_text(text)[1]) == 1
            assert findings[0].kind == "phone"
            assert phone not in findings[0].context
            assert scan_text(redact_text(text)[0]) == []


def test_scan_context_is_masked() -> None:
    text = "请联系张三，手机13912345678或座机0730-2266341，谢谢。"
    findings = scan_text(text)
    assert [f.masked for f in findings] == ["*********78", "*********41"]
    for finding in findings:
        assert isinstance(finding, Finding)
        assert "13912345678" not in finding.context
        assert "2266341" not in finding.context
        assert "张三" in finding.context


def test_scan_secrets() -> None:
    text = "本表由方某填报，电话 398 9001，备用３９８９００２，另有 39-89-003。"
    findings = scan_text(text, ["方某", "3989001", "3989002", "3989003", "x", ""])
    kinds = sorted(f.kind for f in findings)
    assert kinds == ["phone", "phone", "phone", "signature"]
    assert all("方某" not in f.context and "9001" not in f.context for f in findings)
    assert scan_text("方某某", ["某"]) == []  # secrets shorter than 2 characters are ignored


def test_scan_clean_text() -> None:
    text = _seed("002_448e39e0c8f7a998.txt")
    assert scan_text(text) == []


# ---------------------------------------------------------------- properties

_CHINESE = "的一是在不了有和这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
_AREA_CODES = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0730", "0731", "0812", "0755"]
_SEPARATORS = ["，", "。", "；", "、", " ", "（", "）", "\n"]

filler = st.text(alphabet=_CHINESE, min_size=1, max_size=12)


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    number = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    )
    style = draw(st.sampled_from(["plain", "spaced", "dashed", "+86", "0086", "86", "fullwidth", "bracket"]))
    a, b, c = number[:3], number[3:7], number[7:]
    return {
        "plain": number,
        "spaced": f"{a} {b} {c}",
        "dashed": f"{a}-{b}-{c}",
        "+86": f"+86 {number}",
        "0086": f"0086-{number}",
        "86": f"86{number}",
        "fullwidth": number.translate({ord("0") + i: 0xFF10 + i for i in range(10)}),
        "bracket": f"(+86){a} {b} {c}",
    }[style]


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(_AREA_CODES))
    length = 8 if len(area) == 3 else draw(st.sampled_from([7, 8]))
    first = draw(st.sampled_from("2345678"))
    rest = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - 1, max_size=length - 1)))
    local = first + rest
    style = draw(st.sampled_from(["dash", "space", "paren", "fullparen", "plain", "ext", "+86"]))
    return {
        "dash": f"{area}-{local}",
        "space": f"{area} {local}",
        "paren": f"({area}){local}",
        "fullparen": f"（{area}）{local}",
        "plain": f"{area}{local}",
        "ext": f"{area}-{local}转{draw(st.integers(1, 9999))}",
        "+86": f"+86 {area[1:]} {local}",
    }[style]


@st.composite
def amounts(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["int", "decimal", "percent", "count", "lookalike", "phone_amount"]))
    n = draw(st.integers(0, 10**11))
    if kind == "int":
        return f"{n}{draw(st.sampled_from(['元', '万元', '亿元']))}"
    if kind == "decimal":
        return f"{n}.{draw(st.integers(0, 99)):02d}{draw(st.sampled_from(['', '元', '万元']))}"
    if kind == "percent":
        return f"{draw(st.integers(0, 100))}.{draw(st.integers(0, 9))}%"
    if kind == "count":
        return f"{draw(st.integers(1, 10**8))}{draw(st.sampled_from(['人', '户', '件', '个', '笔', '人次']))}"
    if kind == "phone_amount":
        return f"1{draw(st.sampled_from('3456789'))}{draw(st.integers(10**8, 10**9 - 1))}元"
    return draw(st.sampled_from(LOOKALIKES))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_property_phones_removed_figures_kept(data: st.DataObject) -> None:
    pieces: list[tuple[str, bool]] = []
    for _ in range(data.draw(st.integers(1, 6))):
        pieces.append((data.draw(filler), False))
        pieces.append((data.draw(amounts()), False))
        if data.draw(st.booleans()):
            pieces.append((data.draw(st.one_of(mobiles(), landlines())), True))
    separators = [data.draw(st.sampled_from(_SEPARATORS)) for _ in pieces]
    text = "".join(p + s for (p, _), s in zip(pieces, separators, strict=True))
    expected = "".join((MARKER if is_phone else p) + s for (p, is_phone), s in zip(pieces, separators, strict=True))
    public, removals = redact_text(text)
    assert public == expected
    assert len(removals) == sum(is_phone for _, is_phone in pieces)


@settings(max_examples=100, deadline=None)
@given(phone=st.one_of(mobiles(), landlines()), before=filler, after=filler)
def test_property_scan_agrees_with_redact(phone: str, before: str, after: str) -> None:
    text = f"{before}，电话{phone}，{after}"
    public, removals = redact_text(text)
    assert public == f"{before}，电话{MARKER}，{after}"
    findings = scan_text(text)
    assert [f.masked for f in findings] == [r.masked for r in removals]
    assert scan_text(public) == []


# ---------------------------------------------------------------- the prefilter (where phonenumbers runs)
#
# site_builder.public.phones runs phonenumbers' matcher and the digit patterns only on windows that can hold a
# number.  These tests check the two facts that make this exact (see the comment above _SOFT_ALNUM), and
# compare the windowed detection with the detection over the whole text as it was written before.

import itertools  # noqa: E402
import unicodedata  # noqa: E402

from phonenumbers import Leniency, PhoneMetadata, PhoneNumberMatcher  # noqa: E402
from phonenumbers.phonenumberutil import (  # noqa: E402
    COUNTRY_CODES_FOR_NON_GEO_REGIONS,
    SUPPORTED_REGIONS,
    country_code_for_region,
)

from site_builder.public import figures, phones, redact, secretindex, textnorm  # noqa: E402


def _could_hold_phone(text: str) -> bool:
    """Whether phonenumbers or the digit patterns could find a number in ``text``: the prefilter's own test."""
    return phones._PHONE_RUN.search(textnorm.normalise(text)) is not None


# a phone secret's digits with separators between them, anywhere (SecretIndex looks only at runs long enough)
_DIGIT_RUN = re.compile(rf"\d(?:{secretindex._SEPARATOR}*\d)*")

_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


# Probes for our digit patterns (and for plus signs in the matcher's): phone numbers written every way they read them (brackets, plus signs, "00", country code, "(0)", area codes, spaces and
# dashes), into which each character is put, in place of each of their characters and between each two.
# Whatever a match can hold shows in some probe's match.
_PROBE_PHONES = [
    "(+ 86) -(0) 138 1234 5678",
    "00 86-0731-8456 7890",
    "+86 (0731) 84567890",
    "(0731) 8456-7890",
    "400-123-4567",
    "+44 20 7946 0958",
    "0731-84567890 ext. 12",
    "0731-84567890 anexo 12",
    "0731-84567890 доб 12",
    "0731-84567890 int 12",
    "0731-84567890 x12",
    "0731-84567890#12",
    "0731-84567890~12",
]


def _probes(template: str, chars: list[str]) -> str:
    """``template`` with each of ``chars`` in place of each of its characters and between each two, a probe a line."""
    lines = []
    for i in range(len(template) + 1):
        lines += [template[:i] + ch + template[i + 1 :] for ch in chars] if i < len(template) else []
        lines += [template[:i] + ch + template[i:] for ch in chars]
    return "\n".join(lines)


def _held(matches: list[str]) -> set[str]:
    """The characters, other than digits, that the matches hold."""
    return {ch for match in matches for ch in match if not ch.isdecimal()}


def _matcher_finds(text: str) -> list[str]:
    return [m.raw_string for m in PhoneNumberMatcher(text, "CN", leniency=Leniency.POSSIBLE, max_tries=10**9)]


# For the matcher (slow: a run per probe), the places where a character can join a number: between its digit
# groups, before it (a bracket or plus sign), after a plus, closing an area code, and in or as an extension sign.
_EXTENSION_WORDS = ["ext", "extn", "anexo", "доб", "int", "x"]
_MATCHER_PLACES = [
    "138{}1234{}5678",
    "138 {} 1234 5678",
    "{}86 138 1234 5678",
    "{}+86 138 1234 5678",
    "+{}86 138 1234 5678",
    "(0731{} 8456 7890",
    "0731-84567890{}12",
    "0731-84567890 {} 12",
] + [f"0731-84567890 {word[:i]}{{}}{word[i + 1 :]} 12" for word in _EXTENSION_WORDS for i in range(len(word))]


def _matcher_probes(chars: list[str]) -> str:
    return "\n".join(place.replace("{}", ch) for place in _MATCHER_PLACES for ch in chars)


def _matcher_probe_chars() -> list[str]:
    """The characters put into the matcher's probes (one run of it per character and place is too slow for all
    1.1 million): every character of the Basic Multilingual Plane that is not an ideograph or syllable ("Lo") and
    not a private or unassigned one, and every 997th of the rest."""
    chosen = []
    for i, ch in enumerate(_ALL_CHARS):
        category = unicodedata.category(ch)
        if (ord(ch) < 0x10000 and category not in ("Lo", "Co", "Cn", "Cs")) or i % 997 == 0:
            chosen.append(ch)
    return chosen


def test_soft_characters_hold_every_match() -> None:
    """No character outside the soft set can be part of a match of the matcher or of the digit patterns: asked of
    the matcher (public API, at the lenient POSSIBLE level, which accepts more than the VALID one we use) and of
    our patterns through probes."""
    soft = set(phones._SOFT_ALNUM + phones._SOFT_OTHER)
    chars = _matcher_probe_chars()
    assert len(chars) > 10000
    held = _held(_matcher_finds(_matcher_probes(chars)))
    assert held <= soft, sorted(held - soft)
    assert len(held) >= 40  # the probes reach the matcher's punctuation, plus signs and extension words
    texts = [_probes(template, chars) for template in _PROBE_PHONES[:6]]  # the shapes our patterns read
    for pattern in (phones._MOBILE, phones._LANDLINE, phones._SERVICE):
        found = [m.group() for text in texts for m in pattern.finditer(text)]
        assert found and _held(found) <= soft, (pattern.pattern, sorted(_held(found) - soft))
        # only the one-character look-behind and look-ahead at either end (read inside a window)
        looks = re.findall(r"(?<!\\)\(\?(?:<[=!]|[=!])", pattern.pattern)
        assert len(looks) == 2 and pattern.pattern.startswith(phones._D) and pattern.pattern.endswith(phones._ND)
    assert all(ch.isalnum() for ch in phones._SOFT_ALNUM)
    assert not any(ch.isalnum() for ch in phones._SOFT_OTHER)
    assert all(
        phones._is_soft(ch) == (ch in soft or re.fullmatch(r"\d", ch) is not None) for ch in _ALL_CHARS[:0x10000]
    )


_SOFT_PIECES = st.sampled_from(
    list("0123456789") * 4
    + ["138", "1234", "5678", "0731", "8456", "7890", "400", "86", "+86", "00", "(0)", "+", "(", ")", "-", " "]
    + [" ext. ", " x", "#", "~", "\u200b", "．", "－", "／", "+44 20 7946 0958"]
)
_HARD = st.sampled_from(["中", "b", "à", "%", "$", "<", "\n", "，", "é", "Z", "号"])


@given(
    st.lists(_SOFT_PIECES, min_size=1, max_size=16).map("".join),
    _HARD,
    _HARD,
    st.text(max_size=12),
    st.text(max_size=12),
)
@settings(max_examples=400, deadline=None)
def test_property_a_match_depends_on_its_window_alone(run: str, left: str, right: str, before: str, after: str) -> None:
    """Inside a run of soft characters, the matcher (public API) finds the same numbers whatever stands beyond
    the hard character on each side, and with that character replaced by its stand-in (_edge): a match depends on
    its own characters and its neighbours' class only (what the windows rely on; this replaces reading the
    matcher's private pattern for look-arounds)."""
    assert all(phones._is_soft(ch) for ch in run)
    text = before + left + run + right + after
    start = len(before) + 1
    inside = [
        (m.start - start, m.raw_string)
        for m in PhoneNumberMatcher(text, "CN", leniency=Leniency.VALID, max_tries=10**9)
        if start <= m.start and m.end <= start + len(run)
    ]
    window = phones._edge(left) + run + phones._edge(right)
    alone = [
        (m.start - 1, m.raw_string)
        for m in PhoneNumberMatcher(window, "CN", leniency=Leniency.VALID, max_tries=10**9)
        if 1 <= m.start and m.end <= 1 + len(run)
    ]
    assert inside == alone


_NUMBER = "13812345678"
_ASCII_NEIGHBOUR = re.compile(r"[\dA-Za-z.]")  # what our patterns' look-behind and look-ahead refuse


def _neighbours_accepted(chars: list[str]) -> list[bool]:
    """For each (hard) character, whether phonenumbers' matcher finds a mobile number with that character right
    before and right after it: the matcher's verdict on a number's neighbours (a Latin letter, a currency or
    percent sign refuses the number), asked through its public API."""
    text = "中".join(ch + _NUMBER + ch for ch in chars)
    found = {m.start for m in PhoneNumberMatcher(text, "CN", leniency=Leniency.VALID, max_tries=phones._MAX_TRIES)}
    step = len(_NUMBER) + 3
    return [i * step + 1 in found for i in range(len(chars))]


def test_edge_stand_ins_are_hard() -> None:
    for ch in "b%<\u00e0":
        assert not phones._is_soft(ch)
    assert phones._edge("é") == "\u00e0" and phones._edge("c") == "b" and phones._edge("中") == "<"
    # the matcher refuses a number next to a Latin letter (ASCII or not) or a sign, not next to "<"
    assert _neighbours_accepted(["\u00e0", "b", "%", "<"]) == [False, False, False, True]
    # our patterns refuse one next to an ASCII letter only
    assert [bool(_ASCII_NEIGHBOUR.match(ch)) for ch in "\u00e0b%<"] == [False, True, False, False]


def _edge_probe_chars() -> list[str]:
    """The characters whose neighbour verdict is asked of the matcher (one run of it per character is too slow for
    all 1.1 million): every character of the Latin blocks, every other letter, mark and currency sign of the Basic
    Multilingual Plane but the ideographs ("Lo"), and every 199th of the rest (CJK, symbols, other planes)."""
    chosen = []
    for i, ch in enumerate(ch for ch in _ALL_CHARS if not phones._is_soft(ch)):
        latin = any(lo <= ord(ch) <= hi for lo, hi in phones._LATIN_BLOCKS)
        lettered = ord(ch) < 0x10000 and unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lm", "Mn", "Sc")
        if latin or lettered or i % 199 == 0:
            chosen.append(ch)
    return chosen


def test_edge_classes_are_the_matchers_own() -> None:
    """_edge's stand-in gets from the matcher (public API) the verdict the character itself gets, and from our
    patterns' look-around too: the windows read a number's neighbours as the whole text does."""
    chars = _edge_probe_chars()
    assert len(chars) > 9000
    stand_ins = sorted({phones._edge(ch) for ch in chars})
    verdict = dict(zip(stand_ins, _neighbours_accepted(stand_ins), strict=True))
    accepted = _neighbours_accepted(chars)
    wrong = [ch for ch, ok in zip(chars, accepted, strict=True) if verdict[phones._edge(ch)] != ok]
    assert wrong == []
    assert [
        ch for ch in chars if bool(_ASCII_NEIGHBOUR.match(ch)) != bool(_ASCII_NEIGHBOUR.match(phones._edge(ch)))
    ] == []
    assert accepted.count(False) > 800  # the Latin letters and signs: the comparison is not vacuous


def _shortest(metadata: PhoneMetadata) -> int:
    general = metadata.general_desc.possible_length if metadata.general_desc else ()
    lengths = []
    for desc in (
        metadata.fixed_line,
        metadata.mobile,
        metadata.toll_free,
        metadata.premium_rate,
        metadata.shared_cost,
        metadata.personal_number,
        metadata.voip,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
    ):
        if desc is None or desc.national_number_pattern is None:
            continue
        lengths += [n for n in (desc.possible_length or general) if n > 0]
    return min(lengths, default=99)


def test_shortest_valid_number_is_long_enough() -> None:
    """A number phonenumbers accepts has at least _MIN_PHONE_CHARS digits: national (CN) or with country code."""
    assert _shortest(PhoneMetadata.metadata_for_region("CN")) >= phones._MIN_PHONE_CHARS
    for region in SUPPORTED_REGIONS:
        code = country_code_for_region(region)
        assert len(str(code)) + _shortest(PhoneMetadata.metadata_for_region(region)) >= phones._MIN_PHONE_CHARS, region
    for code in COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        assert len(str(code)) + _shortest(PhoneMetadata.metadata_for_nongeo_region(code)) >= phones._MIN_PHONE_CHARS


def test_shortest_number_after_a_zero_or_400() -> None:
    """_matcher_needed's bound: a national number (CN) has at least _MIN_NATIONAL digits; "00", a country code and
    a national number have more; CN's other international prefixes start with 1 (the 1[3-9] rule, exactly 11)."""
    cn = PhoneMetadata.metadata_for_region("CN")
    assert _shortest(cn) >= phones._MIN_NATIONAL
    assert re.fullmatch(r"00\|1.*", cn.international_prefix)
    for region in SUPPORTED_REGIONS:
        code = country_code_for_region(region)
        assert 2 + len(str(code)) + _shortest(PhoneMetadata.metadata_for_region(region)) >= phones._MIN_NATIONAL
    for code in COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        assert 2 + len(str(code)) + _shortest(PhoneMetadata.metadata_for_nongeo_region(code)) >= phones._MIN_NATIONAL


def test_hints_cover_every_case_variant() -> None:
    """_TEL_HINT finds every "tel:" the (?i) pattern finds; _LABEL_WORD every word _LABEL starts with."""
    for letter in "tel":
        variants = {m.group() for m in re.finditer(f"(?i){letter}", _ALL_CHARS)}
        assert variants == {letter, letter.upper()}
    for variant in ("".join(case) for case in itertools.product("tT", "eE", "lL")):
        assert phones._TEL_LINK.fullmatch(f"{variant}:+86-138-1234-5678"), variant
    assert phones._LABEL_WORD.pattern.count("|") + 1 == 19


def _reference_phone_spans(norm: str) -> list[tuple[int, int]]:
    """_phone_spans as it was: the matcher and every pattern over the whole text."""
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        start, end = phones._trim_brackets(norm, start, end)
        raw = norm[start:end]
        if (
            figures.DATE_SHAPE.match(raw)
            or figures.PLAIN_NUMBER.match(raw)
            or figures.is_sequence(raw)
            or figures.is_amount(norm, start, end)
        ):
            return
        spans.append((start, figures.extend_extension(norm, end)))

    for m in phones._TEL_LINK.finditer(norm):
        if len(textnorm.digits_of(m.group())) < 3:
            continue
        prev = norm[m.start() - 1] if m.start() else ""
        if prev and prev in "(\"'=<":
            spans.append((m.start(), m.start() + len(m.group().rstrip())))
    for pm in PhoneNumberMatcher(norm, "CN", leniency=Leniency.VALID, max_tries=phones._MAX_TRIES):
        if phones._plausible_match(pm.raw_string) and phones._groups_ok(pm.raw_string):
            add(pm.start, pm.end)
    for pattern in (phones._MOBILE, phones._LANDLINE, phones._SERVICE):
        for m in pattern.finditer(norm):
            if phones._groups_ok(m.group()):
                add(*m.span())
    for m in phones._LABEL.finditer(norm):
        pos = m.end()
        while True:
            num = phones._LOCAL.match(norm, pos)
            if not num or not phones._local_digits_ok(num.group()) or not phones._groups_ok(num.group()):
                break
            add(num.start(), num.end())
            sep = phones._LIST_SEP.match(norm, num.end())
            if not sep:
                break
            pos = sep.end()
    return spans


def _corpus() -> list[str]:
    texts = PHONES + LABELLED + LOOKALIKES + PHONE_SHAPED_AMOUNTS + SENTENCES + EMPTY_SIGNATURES
    texts += [line for line, _ in SIGNATURES]
    texts += [
        sentence.replace("{}", phone) if "{}" in sentence else f"{sentence}{phone}"
        for sentence in SENTENCES
        for phone in PHONES
    ]
    texts += [_seed(name) for name in SEED_NAMES]
    texts += [line for name in SEED_NAMES for line in _seed(name).splitlines()]
    return texts


def _check_same(text: str) -> None:
    norm = textnorm.normalise(text)
    assert norm == text.translate(textnorm.FULLWIDTH)
    assert sorted(phones.phone_spans(norm)) == sorted(_reference_phone_spans(norm)), text


def test_windowed_detection_equals_whole_text_detection_on_the_corpus() -> None:
    for text in _corpus():
        _check_same(text)


def test_everything_phonenumbers_finds_passes_the_prefilter() -> None:
    """Property over the corpus: each number the matcher finds on the whole text (and we accept) lies in a
    window of the prefilter, and the prefilter says yes for its text."""
    found = 0
    for text in _corpus():
        norm = textnorm.normalise(text)
        windows = list(phones._phone_windows(norm))
        for pm in PhoneNumberMatcher(norm, "CN", leniency=Leniency.VALID, max_tries=phones._MAX_TRIES):
            if not (phones._plausible_match(pm.raw_string) and phones._groups_ok(pm.raw_string)):
                continue
            found += 1
            assert _could_hold_phone(pm.raw_string), pm.raw_string
            assert any(start <= pm.start and pm.end <= end for _, start, end, _ in windows), pm.raw_string
    assert found > 100


_PIECES = st.sampled_from(
    list("0123456789０１２３４５６７８９")
    + ["13912345678", "0730", "2266341", "+86", "86", "400", "800", "00"]
    + list(" -()（）+＋.,/:;#x ext转分机元万%")
    + ["电话", "手机", "联系电话：", "tel:", "Tel", "签名：", "方某", "\n", "\t", "<b>", "¥"]
    + list("abcXYZ中文的号")
    + ["\u3000", "\xa0", "٣", "—", "ſ", "ı", "é", "à", "$"]
)

# windows as the site has them: figures, dates, changes, codes, phones, with separators and neighbours
_WINDOW_PIECES = st.sampled_from(
    list("0123456789") * 3
    + ["0", "00", "1", "13", "18", "86", "400", "800", "0731", "13812345678", "+", "+86"]
    + list(" -()+.,/:;%\u200b")
    + ["-", "é", "b", "中", "¥", "元"]
    # what pagefind's fragments put between table cells, and what lets the matcher cut into a run of digits
    + ["\u200b. \u200b", ". ", "0086", "(0)", "#", "x", "ext", "~", "int", "доб", "12345678901234567890123"]
)


@given(st.lists(_WINDOW_PIECES, max_size=24).map("".join))
@settings(max_examples=600, deadline=None)
def test_property_matcher_skipped_only_where_nothing_counts(text: str) -> None:
    """Where _matcher_needed says no, phonenumbers finds nothing _plausible_match and _groups_ok accept."""
    norm = textnorm.normalise(text)
    if not phones._matcher_needed(norm):
        assert [
            pm.raw_string
            for pm in PhoneNumberMatcher(norm, "CN", leniency=Leniency.VALID, max_tries=phones._MAX_TRIES)
            if phones._plausible_match(pm.raw_string) and phones._groups_ok(pm.raw_string)
        ] == []
    _check_same(text)


def test_plus_only_leads_a_match() -> None:
    """A plus sign stands in a match of the matcher (public API) only before its first digit: probes with a plus
    (and a full-width one) in place of each character of a number and between each two, and every character of
    the probe set around a number after a plus."""
    found = []
    for template in _PROBE_PHONES:
        found += _matcher_finds(_probes(template, ["+", "\uff0b", "++", "+ +"]))
    found += _matcher_finds(_matcher_probes(_matcher_probe_chars()[::7]))
    plus = re.compile("[+\uff0b]")
    late = [match for match in found if plus.search(match, re.search(r"\d", match).start())]  # type: ignore[union-attr]
    assert late == []
    assert sum(1 for match in found if plus.match(match.lstrip("([（［ "))) > 100  # the probes reach matches led by "+"


@given(
    st.lists(st.sampled_from(["+", "＋", "86", "138", "1234", "5678", "0731", " ", "-", "(", ")", "00"]), max_size=14)
)
@settings(max_examples=300, deadline=None)
def test_property_plus_only_leads_a_match(pieces: list[str]) -> None:
    for match in _matcher_finds("".join(pieces)):
        first = re.search(r"\d", match)
        assert first is None or not re.search("[+\uff0b]", match[first.start() :]), match


def test_matcher_skipped_for_figures_run_for_phones() -> None:
    for figure in ("25463.83", "1,234,567.89", "+12.34(+5.67%", "4294967295", "2023", "-0.73 (+1.2%)"):
        assert not phones._matcher_needed(figure), figure
    for phone in ("13812345678", "0731-84567890", "400-123-4567", "+86 10 6234 5678", "８６１３８１２３４５６７８"):
        assert phones._matcher_needed(textnorm.normalise(phone)), phone


def test_matcher_skipped_for_search_fragment_rows() -> None:
    # pagefind fragments join segmented words with U+200B and blocks with ". ": long rows of figures
    # like these made up most of the windows the leak scan sent to phonenumbers.
    for row in (
        "< \u200b1725.6\u200b. \u200b0\u200b. \u200b1725.6\u200b<",
        "<6909609.05<",
        "<2022-05-19<",
        "<660.080098<",
        "100.00%. 98.5. 2023. 12",
        "第1季度 2 3 4",
    ):
        assert not phones._matcher_needed(textnorm.normalise(row)), row
    for phone in (
        "0086 10 6 2345678",
        "138 1234 5678",
        "0731 8456 7890",
        "010-6234 5678 x 12",
        "\u200b13812345678\u200b",
        "86 138 1234 5678",
    ):
        assert phones._matcher_needed(textnorm.normalise(phone)), phone


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_property_windowed_detection_equals_whole_text_detection(text: str) -> None:
    _check_same(text)


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_property_prefilter_superset(text: str) -> None:
    norm = textnorm.normalise(text)
    if not _could_hold_phone(text):
        assert not any(p.search(norm) for p in (phones._MOBILE, phones._LANDLINE, phones._SERVICE))
        assert [
            pm
            for pm in PhoneNumberMatcher(norm, "CN", leniency=Leniency.VALID, max_tries=phones._MAX_TRIES)
            if phones._plausible_match(pm.raw_string) and phones._groups_ok(pm.raw_string)
        ] == []


def _reference_find(index: secretindex.SecretIndex, norm: str) -> list[tuple[int, int, str]]:
    """SecretIndex.find as it was: every digit run, names wherever a first character occurs."""
    out = []
    if index.phones:
        for run in _DIGIT_RUN.finditer(norm):
            positions = [run.start() + i for i, ch in enumerate(run.group()) if ch.isdigit()]
            digits = "".join(norm[i] for i in positions)
            for length, group in index.phones.items():
                for i in range(len(digits) - length + 1):
                    if digits[i : i + length] not in group:
                        continue
                    if i > 0 and positions[i] - positions[i - 1] == 1:
                        continue
                    end = i + length
                    if end < len(digits) and positions[end] - positions[end - 1] == 1:
                        continue
                    out.append((positions[i], positions[end - 1] + 1, "phone"))
    firsts = {name[0] for group in index.names.values() for name in group}
    for at, ch in enumerate(norm):
        if ch in firsts:
            for length, group in index.names.items():
                if norm[at : at + length] in group:
                    out.append((at, at + length, "signature"))
    return out


_SECRETS = ["方某", "方某某", "某某", "3989001", "0730-2266341", "13812345678", "张三", "李四光", "12345"]


@given(
    st.lists(
        st.sampled_from(
            [
                "方",
                "某",
                "张",
                "三",
                "李",
                "四",
                "光",
                "3989001",
                "398",
                "9001",
                "0730",
                "-",
                " ",
                "2266341",
                "1",
                "13812345678",
                ".",
                "(",
                "12345",
                "x",
                "中",
            ]
        ),
        max_size=25,
    ).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_property_secret_index_finds_what_it_found_before(text: str) -> None:
    index = secretindex.SecretIndex(_SECRETS)
    assert list(index.find(text)) == _reference_find(index, text)


def test_secret_fingerprint_follows_the_secrets() -> None:
    a = secretindex.SecretIndex(["方某", "3989001"]).fingerprint
    assert a == secretindex.SecretIndex(["398 9001", "方某", "x"]).fingerprint
    assert a != secretindex.SecretIndex(["方某", "3989002"]).fingerprint
    assert "3989001" not in a


def test_detect_is_exposed_for_the_leak_scan() -> None:
    text = "电话：13912345678，填报人（签名）：方某"
    spans = redact.detect(text)
    assert [kind for _, _, kind in spans] == ["phone", "signature"]
    assert scan_text(text) == scan_text(text, spans=spans)
    assert unicodedata.category("ー") == "Lm"
