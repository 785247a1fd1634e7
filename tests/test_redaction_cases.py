"""Issue 21: the redactor and the leak gate on the corpus of tests/redaction_cases.py, per class, and on
generated reports (hypothesis): numbers and names embedded in random report text and tables.

The recall and precision per class are printed at the end of the run (and by benchmarks/redaction_recall.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import SUMMARY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redaction_cases import CASES, CLASSES, Case

from site_builder.public.redact import redact_text
from site_builder.public.textnorm import MARKER
from site_builder.verify.leakgate import scan_text as gate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from redaction_recall import measure_gate, measure_redactor, table  # noqa: E402


def _id(case: Case) -> str:
    return f"{case.cls}:{case.text[:12]}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_every_case_is_redacted_and_its_figures_stay(case: Case) -> None:
    public = redact_text(case.text)[0]
    assert [s for s in case.secrets if s in public] == [], public
    assert [k for k in case.keep if k not in public] == [], public


def test_recall_and_precision_per_class() -> None:
    redactor = measure_redactor(CASES)
    gate_alone = measure_gate(CASES)
    assert gate_alone is not None
    SUMMARY.append(table("redaction corpus (issue 21), redactor:", redactor))
    SUMMARY.append(table("redaction corpus (issue 21), leak gate alone on unredacted text:", gate_alone))
    assert set(redactor) == set(CLASSES)
    for cls, t in redactor.items():
        assert t.recall in (None, 1.0) and t.harmed == 0, cls
    for cls, t in gate_alone.items():
        assert t.recall in (None, 1.0) and t.harmed == 0, cls


# ---------------------------------------------------------------- generated reports

_DIGITS = st.text("0123456789", min_size=8, max_size=8)
MOBILES = st.builds(
    lambda p, rest: p + rest, st.sampled_from(["133", "135", "138", "139", "150", "158", "177", "186", "199"]), _DIGITS
)
LOCALS = st.builds(lambda a, b: a + b, st.sampled_from("2345678"), st.text("0123456789", min_size=6, max_size=6))
AREA = st.sampled_from(["0730", "0731", "0812", "010", "021"])


def _notations(mobile: str, local: str, area: str) -> list[str]:
    return [
        mobile,
        f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
        f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        f"{mobile[:3]}.{mobile[3:7]}.{mobile[7:]}",
        " ".join(mobile),
        f"+86 {mobile}",
        f"**{mobile}**",
        f"{area}-{local}",
        f"（{area}）{local}",
        f"{area} {local}",
        "".join(chr(0xFF10 + int(d)) for d in mobile),
    ]


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉"
)
NAMES = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2))
PROSE = st.sampled_from(
    [
        "全年城乡居民养老保险参保总人数364595人，完成目标任务的100%。",
        "项目支出46161.7万元，较上年增长3.2%。",
        "根据湘财绩〔2021〕12号文件要求开展自评。",
        "全年接听咨询电话 3000 通，办结率100%。",
        "评价时间为2022年3月30日。",
        "预算编码301001，索引号430624/2021-00056。",
        "开通12333服务热线，群众满意度98%。",
        "",
    ]
)
PHONE_LABELS = st.sampled_from(
    ["联系电话：", "联系电话为", "电话：", "聯絡電話：", "手机 ", "聯繫電話：", "联系方式：", "Tel: "]
)
SIGN_LABELS = st.sampled_from(
    ["填报人（签名）：", "填报人：", "审核人 ", "签字：", "评价组成员（签字）：", "負責人（簽章）：", "签　名："]
)


def _figures_of(text: str) -> list[str]:
    import re

    return re.findall(r"\d+(?:\.\d+)?(?:万元|%|人|通)", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    MOBILES,
    LOCALS,
    AREA,
    st.integers(0, 10),
    PHONE_LABELS,
    st.lists(PROSE, min_size=1, max_size=4),
    st.sampled_from(
        [
            "{l}{n}",
            "{l}\n{n}",
            "{l}\n\n{n}",
            "| {l} | {n} |",
            "| 姓名 | {l} |\n|---|---|\n| 甘甜 | {n} |",
            "\t{l}\n\t{n}",
        ]
    ),
)
def test_generated_phones_in_text_and_tables_are_removed(
    mobile: str, local: str, area: str, which: int, label: str, prose: list[str], shape: str
) -> None:
    number = _notations(mobile, local, area)[which]
    block = shape.replace("{l}", label.strip() if "|" in shape or "\t" in shape else label).replace("{n}", number)
    text = "\n\n".join([prose[0], block, *prose[1:]])
    public = redact_text(text)[0]
    digits = "".join(ch for ch in public if ch.isdigit() or "０" <= ch <= "９")
    assert mobile[-8:] not in digits and local not in "".join(c for c in public if c.isdigit()), public
    assert MARKER in public
    for figure in _figures_of("\n".join(prose)):
        assert figure in public
    assert gate(text), text  # the gate alone flags the unredacted text
    assert not [f for f in gate(public) if f.kind == "phone"], public


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(NAMES, min_size=1, max_size=3, unique=True),
    SIGN_LABELS,
    st.lists(PROSE, min_size=1, max_size=3),
    st.sampled_from(
        [
            "{l}{n}",
            "{l}\n{n}",
            "| {l} | {n} |",
            "| 职务 | 签字 |\n|---|---|\n| 组长 | {n} |",
            "| 签名 | {n} |\n|---|---|",
        ]
    ),
)
def test_generated_signatures_in_text_and_tables_are_removed(
    names: list[str], label: str, prose: list[str], shape: str
) -> None:
    value = "、".join(names)
    block = shape.replace("{l}", label.strip() if "|" in shape else label).replace("{n}", value)
    text = "\n\n".join([prose[0], block, *prose[1:]])
    public = redact_text(text)[0]
    assert [n for n in names if n in public] == [], public
    for figure in _figures_of("\n".join(prose)):
        assert figure in public
    assert gate(text), text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(PROSE, min_size=1, max_size=6),
    st.integers(10**10, 2 * 10**10 - 1),
    st.sampled_from(["元", "万元", "\n元"]),
)
def test_generated_figures_stay(prose: list[str], amount: int, unit: str) -> None:
    text = (
        "\n\n".join(prose)
        + f"\n\n| 项目 | 金额（元） |\n|---|---|\n| 基金支出 | {amount} |\n\n全年支出{amount}{unit}。"
    )
    public, removals = redact_text(text)
    assert public == text and removals == []
    assert gate(text) == []


# ---------------------------------------------------------------- the same rule in build, redact and pr-summary

NARRATIVES = ["units/430624-renshe/2021/narrative.md", "units/430682-shebao/2022/narrative.md"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with every corpus case appended to two narratives."""
    from derive import repo_copy

    repo = repo_copy(tmp_path_factory.mktemp("planted21"))
    for i, target in enumerate(NARRATIVES):
        path = repo / target
        cases = "\n\n".join(c.text for c in CASES[i::2])
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + cases + "\n", encoding="utf-8")
    return repo


# names that one case signs and another shows in an official role (王建华 in a 签字 list and in a 姓名 column)
_KEPT_ELSEWHERE = {s for c in CASES for s in c.secrets for d in CASES for k in d.keep if s in k}


def _secrets_in(text: str) -> list[str]:
    """The corpus' secrets in ``text``; digits only where they are not part of a longer figure (7712345 is in the
    amount 17712345678.5)."""
    import re

    found = []
    for s in {s for c in CASES for s in c.secrets} - _KEPT_ELSEWHERE:
        pattern = re.escape(s)
        if s[:1].isdigit():
            pattern = rf"(?<![\d.]){pattern}"
        if s[-1:].isdigit():
            pattern = rf"{pattern}(?![\d])"
        if re.search(pattern, text):
            found.append(s)
    return sorted(found)


def test_every_class_is_removed_from_the_built_site_and_the_figures_stay(planted: Path) -> None:
    from site_builder.build import build
    from site_builder.verify.decode import decode_content

    out = build(planted, planted / "site", log=lambda line: None).out  # the gate passes: nothing is left
    leaked = {}
    for path in out.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".woff2", ".ico") and "wasm." not in path.name:
            found = _secrets_in(decode_content(path.read_bytes()))
            if found:
                leaked[str(path.relative_to(out))] = found
    assert leaked == {}
    import html

    pages = "".join(
        html.unescape((out / f"units/{n}/index.html").read_text(encoding="utf-8"))
        for n in ("430624-renshe/2021", "430682-shebao/2022")
    )
    assert [k for c in CASES for k in c.keep if "|" not in k and k not in pages] == []


def test_redact_and_the_pull_request_summary_hide_every_class(
    planted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from site_builder.cli.commands import main
    from site_builder.cli.ownership import pull_request_summary

    main(["--root", str(planted), "redact", *(str(planted / n) for n in NARRATIVES)])
    shown = capsys.readouterr().out
    assert _secrets_in(shown) == []
    assert "电子邮件：" in shown and "签名：" in shown and "电话：" in shown
    summary = pull_request_summary(planted, NARRATIVES)
    assert _secrets_in(summary) == []


def test_history_shows_no_value_the_redactor_would_remove() -> None:
    from site_builder.schema import Report
    from site_builder.sources.changes import diff_data

    for case in CASES:
        if case.secrets and "\n" not in case.text and len(case.text) <= 40:
            changes = diff_data({"remarks": "无"}, {"remarks": case.text}, Report)
            assert changes and _secrets_in("\n".join(changes)) == [], (case.text, changes)
    assert diff_data({"filled_by": {"signature": "方晓丽"}}, {"filled_by": {"signature": "张晓燕"}}, Report) == []
    assert (
        diff_data(
            {"evaluators": [{"name": "钟华", "signature": "钟华"}]},
            {"evaluators": [{"name": "钟华", "signature": "钟 华"}]},
            Report,
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("姓名 | 职务 | 签字\n---|---|---\n钟华 | 组长 | 钟华", "组长 | 钟华", "钟华 | 组长"),
        ("联系人 | 联系电话\n:--|:--\n唐静 | 7712399", "7712399", "唐静"),
        ("项目 | 金额（元）\n--- | ---\n合计 | 13575012399", None, "13575012399"),
    ],
)
def test_tables_without_outer_bars_are_tables(text: str, gone: str | None, kept: str) -> None:
    public = redact_text(text)[0]
    assert (gone is None or gone not in public) and kept in public, public
