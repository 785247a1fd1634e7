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

from site_builder.redact import MARKER, Finding, Removal, mask, redact_text, scan_text

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
