"""Figures a report names by its own words (``stated_figures`` without a field): 人员编制数577人, 实现收入为80.03亿元.

Takes the narrative's Markdown, or the text of a cell of the forms (年度总体运行情况及取得的成绩, an indicator's
实际完成值); gives entries (name, value as printed, unit, where, quote).  The quote is always a piece of the text as
printed; the name is the words printed before the figure, made longer only by words the same sentence prints:

* an item of a ``其中`` list is named by the statement the list belongs to (``实际收入：利息收入``), until the
  sentence or a “；” ends the list (a “；” followed by words of time or by a 其中 list of its own, or any “；” once the
  list's items went by “，” or “、”);
* a figure after one whose name holds a fund or a cost (``省本级工伤保险基金预算收入为9.71亿元，实现收入为7.99亿元``)
  is that fund's (``省本级工伤保险基金实现收入``), unless its own words name another scheme;
* a later sentence of the same paragraph whose words are only an account's (``实现收入``, ``实际支出数``,
  ``2019年度收支结余``, ``完成预算的``: no subject of their own) continues the paragraph's fund, or else the fund its
  heading is about (``（四）工伤保险基金预算支出情况``); words with a subject of their own (``全省参保人数``,
  ``我厅机关实际支出``) take none, nor does a paragraph from the one before, nor a sentence after one that names
  another scheme (``城乡居民基本养老保险基金由县社保中心单独核算。``);
* a figure printed right after another (``企业在职职工55708人征缴14618万元``) is named by both sets of words
  (``企业在职职工征缴``), and a share (``占资产总额93.02%``) by the figure it is a share of, the quote holding both;
* a figure of an effect (``由于…造成本年度项目支出较预算减少554.24万元``) is named by the effect's words;
* a name may hold a year (``较2018年支出总额下降``, and ``2019省财政批复…`` where 年 is not printed), a month, a day
  or a quarter, no other number.

Statements in words are the grade of an evaluation (评价结果为优, 自评等级为良好, 为“优”等级), a target met or not
(绩效目标未完成。) and no balance left (…，未有结转结余。), the words as printed.

A name that would hold two different values in the draft (its report and project reports together) is given the
subject its sentence begins with (``劳动人事职院`` of ``劳动人事职院现有人员编制数195人；…实有在职人数304人``), and
left out if that does not tell the values apart (:func:`unambiguous`), since ``check`` compares the figures of one
name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FIGURE = re.compile(  # a figure, its sign if printed (其他支出-1.66亿元; not 30-50人), and its unit; 亿 and 万 alone
    # (1.98亿) where no word follows them (1.98亿人次)
    r"(?<![\d.,])(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))\s*"
    r"(亿元|万元|元|万人|人次|人|个|名|家|户|台|件|次|分|%|[亿万](?![\u4e00-\u9fff]))"
)
_LEAD = re.compile(r"^(?:[、和及与]|以及|其中[：:]?|[一二三四五六七八九十]+是|\d+[、.．]|[（(]\d+[）)]|\s)+")
_CONNECTOR = re.compile(r"(?:为|是|共计|总计|合计|达到|达|约|共|计|[：:]|\s)+$")
_NUMBERS_OF_NAMES = re.compile(  # 2019年度, 2019度, 2019省财政 (a year, not 年), 12月, 31日, 第3季度
    r"\d{4}年度?|\d{4}(?=度)|(?:19|20)\d{2}(?=[省市县区])|\d{1,2}月份?|\d{1,2}日|第\d{1,2}(?:季度|批|期)"
)
_OWNER = re.compile(r"^(?P<owner>.+(?:基金|资金|经费|费用|费))(?=.)")
_SCHEME = re.compile(r"保险|基金|资金|经费|费|项目|专项")
_SENTENCE = re.compile(r"[^。！？!?]+")
_CLAUSE = re.compile(r"(?:[^，,；;]|(?<=\d),(?=\d{3}))+")  # 1,271.72 is one figure
_FRESH = re.compile(r"^(?:截至|截止)?\d{4}\s*年|^(?:另有|另外|此外|同时|本年|当年|全年|年末)")
_SUBJECT = re.compile(r"^(?P<subject>[^，,；;：:]{2,15}?)(?:现有|共有|拥有)")  # 我厅现有人员编制数
SUBJECT = "_subject"
"""An entry's key, until :func:`unambiguous` drops it: the subject of its sentence, for a name of several values."""
_CAUSE = re.compile(r".*(?:造成|导致|致使|使得)")  # the words up to the last verb of a cause
_ACCOUNT = re.compile(  # an account's words alone, no subject: 实现收入, 实际支出数, 2019度收支结余, 完成预算的
    r"^(?:\d{4}年?度?|本年度?|当年|全年|年度|年末|年初)?(?:实现|实际|期初|期末|滚存|收支|预算)*(?:收入|支出|结余|完成预算)"
)
_TOPIC = re.compile(  # a heading about one fund: （四）工伤保险基金预算支出情况
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*"
    r"(?P<topic>[^，,、；;。：:（()）\s]{2,24}?(?:基金|资金))(?:预算)?(?:收支|收入|支出|执行|使用|管理)*情况$"
)


def topic_of(heading: str) -> str | None:
    """The fund a heading is about (``工伤保险基金`` of ``（四）工伤保险基金预算支出情况``), if it is about one."""
    m = _TOPIC.match(heading.strip())
    return m["topic"] if m else None


def _words_ok(words: str) -> bool:
    """Words that can name a figure: 3 to 40 characters, no number but a date or a quarter, no dangling 和."""
    rest = _NUMBERS_OF_NAMES.sub("", words)
    return (
        3 <= len(words) <= 40
        and len(rest) >= 2
        and not re.search(r"\d", rest)
        and not words.endswith(tuple("、和及与"))
        and not words.startswith(("的", "之"))
    )


def _between_ok(words: str) -> bool:
    """Words printed right after a figure's unit that name the next figure (征缴 in 55708人征缴14618万元)."""
    return 2 <= len(words) <= 15 and re.fullmatch(r"[\u4e00-\u9fff]+", words) is not None and "的" not in words


@dataclass
class _Prior:
    """The last figure named in the sentence: its name, and where its words begin in the line."""

    name: str
    start: int


def _entry(name: str, value: Decimal | str, unit: str | None, where: str, quote: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "value": value}
    if unit:
        entry["unit"] = unit
    return entry | {"where": where, "quote": quote.strip()}


def named_in_line(
    line: str, where: str, covered: Collection[int] = (), topic: str | None = None
) -> list[dict[str, Any]]:
    """Every figure ``line`` (a paragraph) prints with its unit after words that name it (see the module's
    docstring); figures at the positions ``covered`` (already stated with a field) give none, but still name the
    ones after them.  ``topic`` is the fund the paragraph's heading is about."""
    out: list[dict[str, Any]] = []
    fund = topic  # the fund the paragraph's account words continue: its heading's, then its own sentences'
    for sentence in _SENTENCE.finditer(line):
        first = FIGURE.search(line, sentence.start(), sentence.end())
        if _SCHEME.search(line[sentence.start() : first.start() if first else sentence.end()]):
            fund = None  # a sentence about a scheme of its own (or naming it again): its own words decide
        subject: str | None = None  # who the sentence is about: 劳动人事职院 of 劳动人事职院现有人员编制数195人
        owner: str | None = None  # the fund or cost the sentence's figures belong to
        head: str | None = None  # the statement whose 其中 list is being read
        by_commas = False  # the list's items go by “，” or “、”, so that a “；” ends it
        prior: _Prior | None = None
        clauses = list(_CLAUSE.finditer(line, sentence.start(), sentence.end()))
        for index, clause in enumerate(clauses):
            following = clauses[index + 1][0].lstrip() if index + 1 < len(clauses) else ""
            if (
                clause.start()
                and line[clause.start() - 1] in "；;"
                and (_FRESH.match(clause[0].lstrip()) or following.startswith("其中"))
            ):
                head = None  # “；” and a statement of its own (its time, or a 其中 list of its own): the list ends
            elif clause.start() and head and line[clause.start() - 1] in "；;" and by_commas:
                head = None  # “其中A，B；C”: the “；” closes what the “，” listed
            elif clause.start() and head and line[clause.start() - 1] in "，,":
                by_commas = True
            text, base, last = clause[0], clause.start(), 0
            for m in FIGURE.finditer(text):
                before = text[last : m.start()]
                stripped = _LEAD.sub("", before)
                lead = before[: len(before) - len(stripped)]
                words = _CONNECTOR.sub("", stripped)
                begin = base + last + len(lead)
                if (cause := _CAUSE.match(words)) and _words_ok(effect := words[cause.end() :]):
                    words, begin = effect, begin + cause.end()  # 由于…造成本年度项目支出较预算减少: the effect's
                name: str | None = None
                if "其中" in lead and last == 0:
                    head, by_commas = (prior.name if prior else None), False
                elif head and "、" in lead:
                    by_commas = True
                if words.startswith("占") and prior:
                    name, begin = prior.name + words, prior.start
                elif last and not lead:  # right after the previous figure's unit
                    if prior and _between_ok(words):
                        name, begin = prior.name + words, prior.start
                    elif _words_ok(words):
                        name = words  # the words cut after the first figure's unit
                elif _words_ok(words):
                    name = words
                    if head:
                        name = f"{head}：{words}"
                    elif own := _OWNER.match(words):
                        owner = fund = own["owner"]
                    elif _SCHEME.search(words):
                        owner = fund = None  # another scheme: the fund before it is not its own
                    elif owner:
                        name = owner + words
                    elif fund and _ACCOUNT.match(words):
                        name = fund + words
                last = m.end()
                prior = _Prior(name, begin) if name else None
                if name and subject is None:  # the sentence's first name says who it is about, if anyone
                    found = _SUBJECT.match(name)
                    subject = found["subject"] if found else ""
                if name and base + m.start() not in covered:
                    value = Decimal(m[1].replace(",", ""))  # 1,271.72: the same digits, grouped
                    out.append(_entry(name, value, m[2], where, line[begin : base + m.end()]))
                    if subject and not name.startswith(subject):
                        out[-1][SUBJECT] = subject
    return out + _in_words(line, where)


_GRADE = re.compile(
    r"^(?P<name>[^，,。；;：:]{2,40}?)(?:为|是|评定为|评为)“?(?P<value>优秀|良好|中等|较差|优|良|中|差)”?$"
)
_GRADE_AFTER = re.compile(r"^(?:为|是|评定为|评为)“?(?P<value>优秀|良好|中等|较差|优|良|中|差)”?(?P<tail>等级|等次)$")
_GRADE_NAME = re.compile(r"评价|自评|等级|等次|结论|结果|评定")
_DONE = re.compile(r"^(?P<name>[^，,；;：:]{2,30}?)(?P<value>已完成|未完成|已全部完成|全部完成)$")
_DONE_NAME = re.compile(r"目标|任务|指标")
_NO_BALANCE = re.compile(  # no balance left, a clause of its own: 未有结转结余, 2020年末无结转结余
    r"^(?P<time>(?:\d{4}\s*年(?:度|末|底)?|本年度?|年末|年终|年底)*)(?:未有|没有|无)(?P<account>结转和?结余|结余|结转)$"
)


def _in_words(line: str, where: str) -> list[dict[str, Any]]:
    """The grade of an evaluation (评价结果为优) and a target met or not (绩效目标未完成), as printed."""
    out: list[dict[str, Any]] = []
    for sentence in _SENTENCE.finditer(line):
        clauses = list(_CLAUSE.finditer(line, sentence.start(), sentence.end()))
        for index, clause in enumerate(clauses):
            text = clause[0].strip()
            if (m := _GRADE.match(text)) and _GRADE_NAME.search(name := _LEAD.sub("", m["name"])) and _words_ok(name):
                out.append(_entry(name, m["value"], None, where, text[len(m["name"]) - len(name) :]))
            elif (m := _GRADE_AFTER.match(text)) and index:
                previous = _CONNECTOR.sub("", FIGURE.sub("", clauses[index - 1][0]).strip())
                if _GRADE_NAME.search(previous) and _words_ok(previous):
                    name = re.sub(r"得?分$", "", _LEAD.sub("", previous)) + m["tail"]
                    out.append(_entry(name, m["value"], None, where, line[clauses[index - 1].start() : clause.end()]))
        for clause in clauses:
            if m := _NO_BALANCE.match(text := clause[0].strip()):
                out.append(_entry(m["time"] + m["account"], text, None, where, text))
        if len(clauses) == 1 and (m := _DONE.match(clauses[0][0].strip())) and _DONE_NAME.search(m["name"]):
            if _words_ok(name := _LEAD.sub("", m["name"])):
                out.append(_entry(name, m["value"], None, where, clauses[0][0].strip()))
    return out


_NOT_PROSE = {"stated_figures", "public_numbers", "filled_by", "contact", "leader", "evaluators", "opinions", "cover"}


def in_forms(data: dict[str, Any], project: bool) -> list[dict[str, Any]]:
    """The figures named in the text cells of the forms (年度总体运行情况及取得的成绩, an indicator's 实际完成值 …),
    each cell read as printed; ``where`` is the part of the form it is in.  Personal fields and the cover are not
    read."""
    from site_builder.schema import ProjectReport, Report

    fields = (ProjectReport if project else Report).model_fields
    out: list[dict[str, Any]] = []
    for key, value in data.items():
        if key in _NOT_PROSE or key not in fields:
            continue
        for text in _strings(value):
            for line in text.split("\n"):
                out += named_in_line(line, fields[key].title or key)
    return out + _indicator_cells(data.get("indicators"), fields["indicators"].title or "indicators")


_INDICATOR_NUMBER = re.compile(r"^(?:指标\s*\d+|\d+)\s*[：:、.．]\s*")  # 指标1：


def _indicator_cells(table: Any, where: str) -> list[dict[str, Any]]:
    """An indicator's 指标值 or 实际完成值 printed as a figure alone (``18516万元``), named by the indicator (its
    number aside) and the column: ``事业养老保险征缴：实际完成值``.  A cell with words of its own (≥95%, 按时发放)
    is not a figure alone."""
    from site_builder.schema import Indicator

    out: list[dict[str, Any]] = []
    rows = table.get("rows") if isinstance(table, dict) else None
    for row in rows if isinstance(rows, list) else []:
        label = _INDICATOR_NUMBER.sub("", str(row.get("level3") or "").strip())
        if not _words_ok(label):
            continue
        for column in ("target", "actual"):
            cell = str(row.get(column) or "").strip()
            if m := FIGURE.fullmatch(cell):
                name = f"{label}：{Indicator.model_fields[column].title}"
                out.append(_entry(name, Decimal(m[1].replace(",", "")), m[2], f"{where} {label}", cell))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if FIGURE.search(value) else []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _strings(item)]


def unambiguous(documents: list[tuple[list[dict[str, Any]], str | None]]) -> list[list[dict[str, Any]]]:
    """The stated figures of a report and its project reports (each with the project's name, None for the report)
    without the named ones (no field) whose name holds two different values in the draft, each (name, value,
    quote) once per document.  A name that holds one value in each project report but different ones across them
    (项目平均分 97 and 95) is given the project's name in front (``社保基金征缴经费：项目平均分``)."""
    own: list[dict[str, set[str]]] = []
    for entries, _ in documents:
        own.append({})
        for entry in entries:
            own[-1].setdefault(entry["name"], set()).add(str(entry["value"]))
    across: dict[str, set[str]] = {}
    for names in own:
        for name, found in names.items():
            across.setdefault(name, set()).update(found)
    documents = [
        (
            [
                e | {"name": f"{project}：{e['name']}"}
                if project and "field" not in e and len(across[e["name"]]) > 1 and len(names[e["name"]]) == 1
                else e
                for e in entries
            ],
            project,
        )
        for (entries, project), names in zip(documents, own, strict=True)
    ]
    values = _values(documents)
    documents = [  # a name of several values: each given its sentence's subject (劳动人事职院实有在职人数)
        (
            [
                e | {"name": e[SUBJECT] + e["name"]} if SUBJECT in e and len(values[e["name"]]) > 1 else e
                for e in entries
            ],
            project,
        )
        for entries, project in documents
    ]
    values = _values(documents)
    out: list[list[dict[str, Any]]] = []
    for entries, _ in documents:
        kept: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        for entry in entries:
            key = (entry["name"], str(entry["value"]), entry["quote"])
            if "field" not in entry and (len(values[entry["name"]]) > 1 or key in seen):
                continue
            seen.add(key)
            kept.append({k: v for k, v in entry.items() if k != SUBJECT})
        out.append(kept)
    return out


def _values(documents: list[tuple[list[dict[str, Any]], str | None]]) -> dict[str, set[str]]:
    """Each name's values in the whole draft."""
    values: dict[str, set[str]] = {}
    for entries, _ in documents:
        for entry in entries:
            values.setdefault(entry["name"], set()).add(str(entry["value"]))
    return values
