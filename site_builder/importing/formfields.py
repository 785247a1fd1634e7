"""The fields a form prints as a label and its value: cover lines, label cells, goals, evaluators, opinions, signer.

Takes a report's :class:`~.parts.Part`; fills its :class:`~.parts.Mapped` with the cover (部门（单位）名称, 预算编码,
评价方式, 报告日期 … as printed on their lines), the values beside their labels in the tables (联系人, 联系电话,
人员编制, 绩效自评综合得分 …), the 定性目标 rows, the 评价人员, the 意见 boxes and the 填报人 line — phones and
signers into the personal fields the schema names (``contact.phone``, ``leader.phone``, ``filled_by``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from site_builder.importing.parts import Loc, Mapped, Part
from site_builder.importing.tables import squash

# ---------------------------------------------------------------- cover lines

_COVER_LINES: tuple[tuple[str, Loc], ...] = (
    (r"部门（单位）名称", ("cover", "unit_name")),
    (r"预算编码", ("cover", "budget_code")),
    (r"评价类型", ("cover", "evaluation_type")),
    (r"评价方式", ("cover", "evaluation_method")),
    (r"评价机构", ("cover", "evaluating_body")),
    (r"报告日期", ("cover", "report_date")),
    (r"项目名称", ("name",)),
    (r"项目单位", ("project_unit",)),
    (r"主管部门", ("department",)),
    (r"实施单位", ("implementing_unit",)),
)


def _date(text: str) -> str | None:
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def cover(part: Part, out: Mapped, project: bool) -> None:
    title: list[str] = []
    title_where = ""
    for para in part.paragraphs:
        text = para.text.strip()
        flat = squash(text)
        if re.fullmatch(r"附件[0-9０-９\-—－]*", flat):
            out.put(("cover", "annex"), flat, para.name)
            continue
        if flat.endswith("（制）"):
            out.put(("cover", "issued_by"), flat, para.name)
            continue
        for label, loc in _COVER_LINES:
            if flat.startswith(label) and (project or loc[0] == "cover"):
                value = re.sub(r"^" + label + r"[：:（(盖章)）\s]*", "", flat.replace("(", "（").replace(")", "）"))
                value = re.sub(r"^[：:]", "", value)
                if loc[-1] == "report_date":
                    value = _date(text) or ""
                elif loc[-1] == "budget_code" and not value.isdigit():
                    value = ""
                elif loc[-1] == "evaluation_type":
                    value = " ".join(text.split("：", 1)[-1].split())
                out.put(loc, value, para.name)
                if loc[-1] == "report_date" and value and out.sources.get(loc) == para.name:
                    out.stated.append(  # the date as printed beside the schema's, for check and the reviewer
                        {
                            "name": "报告日期",
                            "value": value,
                            "field": "cover.report_date",
                            "where": "封面",
                            "quote": text,
                        }
                    )
                break
        else:
            if (
                not out.sources.get(("cover", "unit_name"))
                and len(title) < 3
                and not re.match(r"^[一二三四五六七八九十]+、", flat)
            ):
                if len(flat) <= 60 and not out.data.get("cover", {}).get("title"):
                    title.append(flat)
                    title_where = title_where or para.name
                    if flat.endswith(("报告", "自评表")):
                        out.put(("cover", "title"), "".join(title), title_where)


# ---------------------------------------------------------------- label cells


def _int(text: str) -> int | None:
    m = re.fullmatch(r"\s*(\d+)\s*(人|个)?\s*", text)
    return int(m[1]) if m else None


def _score(text: str) -> Decimal | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*分?\s*", text)
    return Decimal(m[1]) if m else None


_LABELS: tuple[tuple[str, Loc, str], ...] = (
    ("联系人", ("contact", "name"), "text"),
    ("联系电话", ("contact", "phone"), "phone"),
    ("联络电话", ("contact", "phone"), "phone"),
    ("聯絡電話", ("contact", "phone"), "phone"),
    ("聯繫電話", ("contact", "phone"), "phone"),
    ("人员编制", ("staffing", "authorized"), "int"),
    ("实有人数", ("staffing", "actual"), "int"),
    ("职能职责概述", ("functions",), "block"),
    ("年度主要工作内容", ("main_work",), "block"),
    ("绩效自评综合得分", ("score", "total"), "score"),
    ("评价等次", ("score", "grade"), "grade"),
    ("项目负责人", ("leader", "name"), "text"),
    ("项目名称", ("name",), "text"),
    ("项目支出名称", ("name",), "text"),
    ("主管部门", ("department",), "text"),
    ("实施单位", ("implementing_unit",), "text"),
    ("项目地址", ("address",), "text"),
    ("邮编", ("postcode",), "digits"),
    ("项目起止时间", ("period",), "text"),
    ("年度部门（单位）总体运行情况及取得的成绩", ("achievements",), "block"),
    ("评价结论", ("conclusion",), "text"),
    ("存在问题", ("problems",), "block"),
    ("改进措施", ("improvements",), "block"),
)


GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
"""A grade printed in two characters: the schema's grade, with the printed word kept as ``grade_printed``."""


def _value(kind: str, text: str) -> Any:
    text = text.strip()
    if kind == "int":
        return _int(text)
    if kind == "score":
        return _score(text)
    if kind == "grade":
        return text if text in ("优", "良", "中", "差") else None  # 优秀, 良好 …: grade_printed (see labels)
    if kind == "digits":
        return text if text.isdigit() else None
    if kind == "phone":
        return text if re.fullmatch(r"[0-9０-９+（）()\-－ ]{5,20}", text) else None
    if kind == "block":
        return "\n".join(line.strip() for line in text.split("\n") if line.strip()) + "\n"
    return text or None


def labels(part: Part, out: Mapped, project: bool) -> None:
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text).rstrip("：:") for c in row]
            for c, label in enumerate(texts):
                for name, loc, kind in _LABELS:
                    if label != name:
                        continue
                    if not project and loc[0] in (
                        "name",
                        "department",
                        "implementing_unit",
                        "leader",
                        "conclusion",
                        "problems",
                        "improvements",
                    ):
                        continue
                    if project and loc[0] == "contact":
                        loc = ("leader", "phone") if loc[1] == "phone" else loc
                    at, nxt = next(
                        ((i, x) for i, x in enumerate(row) if i > c and not x.merged and x.text.strip()), (0, None)
                    )
                    if nxt is not None and kind == "grade" and squash(nxt.text) in GRADE_WORDS:
                        place = f"{table.name} 第{r + 1}行第{at + 1}格"
                        out.put(("score", "grade_printed"), squash(nxt.text), place)
                        out.put(loc, GRADE_WORDS[squash(nxt.text)], place)
                    if nxt is not None and squash(nxt.text) not in {n for n, _, _ in _LABELS}:
                        out.put(loc, _value(kind, nxt.text), f"{table.name} 第{r + 1}行第{at + 1}格")


def _lines(text: str) -> str | None:
    """A cell of several paragraphs as lines (the blank lines between paragraphs dropped), or None when blank."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "\n".join(lines) + ("\n" if len(lines) > 1 else "") if lines else None


def goals(part: Part, out: Mapped) -> None:
    """The 定性目标 rows under a 预期目标 | 实际完成 header: the last two cells of each row."""
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text) for c in row]
            if not any(t.startswith(("预期目标", "预期")) for t in texts) or not any(
                t.startswith("实际完成") for t in texts
            ):
                continue
            goals: list[dict[str, Any]] = []
            nxt = r + 1
            while nxt < len(table.rows):
                cells = [c for c in table.rows[nxt] if not c.merged]
                texts2 = [c.text.strip() for c in cells]
                if len(texts2) < 2 or any(
                    squash(t).startswith(("项目绩效定量", "整体支出", "一级指标", "评价内容")) for t in texts2
                ):
                    break
                target, actual = (_lines(t) for t in texts2[-2:])
                if target or actual:
                    goals.append({"target": target, "actual": actual})
                    out.sources[("goals", str(len(goals) - 1), "target")] = f"{table.name} 第{nxt + 1}行"
                nxt += 1
            if goals and "goals" not in out.data:
                out.data["goals"] = goals
                title = squash(row[0].text)
                if title and not title.startswith("预期"):
                    out.put(("goals_title",), title, f"{table.name} 第{r + 1}行第1格")
            return


def evaluators(part: Part, out: Mapped) -> None:
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts = [squash(c.text) for c in row]
            if not texts or texts[0] != "姓名" or not any(t.startswith(("职务", "职称")) for t in texts):
                continue
            people: list[dict[str, Any]] = []
            for nxt in range(r + 1, len(table.rows)):
                cells = [c.text.strip() for c in table.rows[nxt]]
                if not any(cells):
                    continue
                if len(cells) < 3 or any("：" in c or "意见" in c for c in cells):
                    break
                cells += [""] * 4
                people.append(
                    {"name": cells[0] or None, "title": cells[1] or None, "unit": cells[2] or None, "signature": None}
                )
                for c, key in enumerate(("name", "title", "unit")):
                    if cells[c]:
                        out.sources[("evaluators", str(len(people) - 1), key)] = (
                            f"{table.name} 第{nxt + 1}行第{c + 1}格"
                        )
            if people and "evaluators" not in out.data:
                out.data["evaluators"] = people
            return


_OPINION = re.compile(r"^(.{2,20}?(意见|（签字）))[：:]")
_PHONE_WORDS = "联系电话|联络电话|聯絡電話|聯繫電話|电话|手机"
_PHONE_LABEL = rf"(?:{_PHONE_WORDS})[：:]\s*(?P<phone>[0-9０-９\-－ ]*)"
PERSONAL_LABEL = re.compile(rf"^({_PHONE_WORDS}|填报人|填表人)(（签[名字章]）)?([：:]|$)")
"""A cell that labels a phone or the 填报人: its row is personal (kept out of a narrative)."""
FILLED_BY = re.compile(
    r"(?:填报人|填表人)(?:（签[名字章]）)?[：:]\s*(?P<name>[^\s联电手：:]*)(?:\s*" + _PHONE_LABEL + ")?"
)
"""The 填报人 line (“填报人（签名）：NAME　联系电话：PHONE”; also 填表人, （签字）, a bare label): personal as a whole."""
_PHONE_LINE = re.compile(r"^\s*" + _PHONE_LABEL)


def opinions_and_signer(part: Part, out: Mapped) -> None:
    """The 意见 boxes (their roles; what is written in them is the signer's) and the 填报人（签名）… 联系电话 line:
    the name and the phone go to ``filled_by``, which is personal as a whole."""
    opinions: list[dict[str, Any]] = []
    texts = [(p.text, p.name) for p in part.paragraphs]
    for table in part.tables:
        for r, row in enumerate(table.rows):
            texts += [(cell.text.strip(), f"{table.name} 第{r + 1}行") for cell in row if not cell.merged]
    for index, (text, place) in enumerate(texts):
        if m := _OPINION.match(squash(text.split("\n")[0])):
            if not any(o["role"] == m[1] for o in opinions):
                opinions.append({"role": m[1], "text": None, "signatory": None, "date": None})
                out.sources[("opinions", str(len(opinions) - 1), "role")] = place
        signer = FILLED_BY.search(text.replace("(", "（").replace(")", "）"))
        if signer and not (out.data.get("filled_by") or {}).get("signature"):
            phone = (signer["phone"] or "").strip()
            below = next((t for t, _ in texts[index + 1 :] if t.strip()), "")
            if not phone and (line := _PHONE_LINE.match(below)):
                phone = line["phone"].strip()  # 联系电话 on the line below the 填报人's
            out.data["filled_by"] = {"signature": signer["name"] or None, "phone": phone or None}
            for key in ("signature", "phone"):
                if out.data["filled_by"][key]:
                    out.sources[("filled_by", key)] = f"{place}（个人信息）"
    if opinions:
        out.data["opinions"] = opinions
