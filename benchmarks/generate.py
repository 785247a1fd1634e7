"""Synthetic units and reports for benchmarks only — never published, never written into the repository's units/.

The five real reports in ``units/`` are the templates: every synthetic report keeps the shape of one of them
(which tables it has, which columns are blank, how its indicator table looks), with

* a made-up unit (name, id, region) under a plausible 6-digit division code, every name marked 【测试数据】;
* figures scaled by a per-unit factor that drifts from year to year, rounded to cents, then totals recomputed
  from their parts so the consistency checker's warnings stay few (a real report's own inconsistencies are
  not copied; about one report in twenty gets one planted text-vs-table mismatch, as real ones do);
* indicator rows drawn from the pool of all real indicator rows, weights and scores that add up, the grade
  that belongs to the score;
* a narrative of real paragraphs, shuffled across the five reports under real section headings, with the
  real place names replaced by the synthetic unit's; the text of a report page (narrative plus the text of
  its tables) is 8–15 KB;
* project reports (项目支出绩效自评) for about a third of the unit-years, from the four real project reports.

The output is a repository-shaped folder (units/, and copies of content/, theme/, mkdocs.yml) that
``python -m site_builder --root DIR check`` accepts with zero errors::

    python benchmarks/generate.py --reports 300 --out /tmp/bench-300
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the repository's site_builder, whatever is installed
    sys.path.insert(0, str(ROOT))

from site_builder.checks.sums import grade_for  # noqa: E402
from site_builder.sources.yamlsource import read_yaml  # noqa: E402

MARK = "【测试数据】"
CENT = Decimal("0.01")

# ---------------------------------------------------------------- regions

PROVINCES: dict[str, tuple[str, str]] = {  # code prefix → (name, short form used in text)
    "11": ("北京市", "北京"),
    "12": ("天津市", "天津"),
    "13": ("河北省", "河北"),
    "14": ("山西省", "山西"),
    "15": ("内蒙古自治区", "内蒙古"),
    "21": ("辽宁省", "辽宁"),
    "22": ("吉林省", "吉林"),
    "23": ("黑龙江省", "黑龙江"),
    "31": ("上海市", "上海"),
    "32": ("江苏省", "江苏"),
    "33": ("浙江省", "浙江"),
    "34": ("安徽省", "安徽"),
    "35": ("福建省", "福建"),
    "36": ("江西省", "江西"),
    "37": ("山东省", "山东"),
    "41": ("河南省", "河南"),
    "42": ("湖北省", "湖北"),
    "43": ("湖南省", "湖南"),
    "44": ("广东省", "广东"),
    "45": ("广西壮族自治区", "广西"),
    "46": ("海南省", "海南"),
    "50": ("重庆市", "重庆"),
    "51": ("四川省", "四川"),
    "52": ("贵州省", "贵州"),
    "53": ("云南省", "云南"),
    "54": ("西藏自治区", "西藏"),
    "61": ("陕西省", "陕西"),
    "62": ("甘肃省", "甘肃"),
    "63": ("青海省", "青海"),
    "64": ("宁夏回族自治区", "宁夏"),
    "65": ("新疆维吾尔自治区", "新疆"),
}
MUNICIPALITIES = {"11", "12", "31", "50"}
_SYLLABLES = "安平宁和丰泰兴隆昌盛华阳清江河山川林源泉溪湖桥石松柏桂兰梅竹云霞东西南北新永长乐福寿吉祥德明文武金银玉龙凤鹤临浦汉沅澧湘桃花岭峰"


def _place(code: str, suffix: str) -> str:
    rng = random.Random(f"place-{code}")
    a, b = rng.sample(_SYLLABLES, 2)
    return f"{a}{b}{suffix}"


@dataclass(frozen=True)
class Region:
    code: str  # 6 digits
    level: str  # province / city / county
    province: str
    province_short: str
    city: str | None
    county: str | None

    @property
    def full_name(self) -> str:
        return "".join(x for x in (self.province, self.city, self.county) if x)

    @property
    def local(self) -> str:
        """The name a unit of this region uses for itself (湘阴县, 岳阳市, 湖南省)."""
        return self.county or self.city or self.province


def region_for(code: str) -> Region:
    prov, short = PROVINCES[code[:2]]
    if code[2:] == "0000":
        return Region(code, "province", prov, short, None, None)
    city = None if code[:2] in MUNICIPALITIES else _place(code[:4], "市")
    if code[4:] == "00":
        return Region(code, "city", prov, short, city, None)
    if code[:2] in MUNICIPALITIES:
        return Region(code, "county", prov, short, None, _place(code, "区"))
    tail = int(code[4:])
    suffix = "区" if tail < 20 else ("市" if tail >= 81 else "县")
    return Region(code, "county", prov, short, city, _place(code, suffix))


def random_code(rng: random.Random, level: str, provinces: list[str]) -> str:
    p = rng.choice(provinces)
    if level == "province":
        return f"{p}0000"
    if p in MUNICIPALITIES:  # 市辖区 (01) and the districts under it
        return f"{p}01{rng.randint(1, 18):02d}"
    c = rng.randint(1, 16)
    if level == "city":
        return f"{p}{c:02d}00"
    tail = rng.choice([rng.randint(2, 12), rng.randint(21, 30), rng.randint(81, 83)])
    return f"{p}{c:02d}{tail:02d}"


DEPARTMENTS = {  # id suffix → (name at province level, name below, short, weight)
    "renshe": ("人力资源和社会保障厅", "人力资源和社会保障局", "人社局", 5),
    "shebao": ("社会保险服务中心", "社会保险服务中心", "社保中心", 2),
    "jiuye": ("公共就业服务中心", "公共就业服务中心", "就业中心", 2),
    "zhongcai": ("劳动人事争议仲裁院", "劳动人事争议仲裁院", "仲裁院", 1),
}

# the real places of the templates, longest first, and what they become
_REAL_COUNTY = ["湘阴县", "君山区", "临湘市", "盐边县"]
_REAL_COUNTY_SHORT = ["湘阴", "君山", "临湘", "盐边"]
_REAL_CITY = ["岳阳市", "攀枝花市"]
_REAL_CITY_SHORT = ["岳阳", "攀枝花"]
_REAL_PROVINCE = ["湖南省", "四川省"]
_REAL_PROVINCE_SHORT = ["湖南", "四川"]


def localise(text: str, region: Region) -> str:
    """Real place names in template text → the synthetic unit's."""
    county = region.county or region.city or region.province
    city = region.city or region.province
    pairs = [(x, county) for x in _REAL_COUNTY] + [(x, city) for x in _REAL_CITY]
    pairs += [(x, region.province) for x in _REAL_PROVINCE]
    pairs += [(x, county[:-1]) for x in _REAL_COUNTY_SHORT] + [(x, city[:-1]) for x in _REAL_CITY_SHORT]
    pairs += [(x, region.province_short) for x in _REAL_PROVINCE_SHORT]
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _localise_data(data: Any, region: Region) -> Any:
    if isinstance(data, dict):
        return {k: _localise_data(v, region) for k, v in data.items()}
    if isinstance(data, list):
        return [_localise_data(v, region) for v in data]
    if isinstance(data, str):
        return localise(data, region)
    return data


# ---------------------------------------------------------------- templates


@dataclass
class Template:
    unit_id: str
    unit: dict[str, Any]
    report: dict[str, Any]
    projects: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Pools:
    templates: list[Template]
    projects: list[tuple[str, dict[str, Any]]]
    headings: list[str]  # level-2 section headings, numbering removed
    subheadings: list[str]
    paragraphs: list[str]  # from department narratives
    project_paragraphs: list[str]
    indicators: dict[str, list[dict[str, Any]]]  # 产出 / 效益 / 满意度 → rows (level2, level3, target, actual)


_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.．]\s*")
_COVERISH = re.compile(r"(盖章|此页为封面|^\d{4}\s*年\s*\d+\s*月\s*\d+\s*日$|^[（(]?签)")


def _split_markdown(text: str) -> tuple[list[str], list[str], list[str]]:
    heads, subs, paras = [], [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("|"):
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            title = _NUMBERING.sub("", line.lstrip("#").strip()).strip()
            if 2 <= len(title) <= 30 and "报告" not in title:
                (heads if level == 2 else subs).append(title)
            continue
        if len(line) >= 30 and not _COVERISH.search(line):
            paras.append(line)
    return heads, subs, paras


def _category(row: dict[str, Any]) -> str | None:
    l1, l2 = row.get("level1") or "", row.get("level2") or ""
    if "满意" in l2 or "满意" in l1:
        return "满意度"
    if "产出" in l1:
        return "产出"
    if "效益" in l1:
        return "效益"
    return None


def load_pools(root: Path = ROOT) -> Pools:
    templates: list[Template] = []
    projects: list[tuple[str, dict[str, Any]]] = []
    heads: list[str] = []
    subs: list[str] = []
    paras: list[str] = []
    pparas: list[str] = []
    indicators: dict[str, list[dict[str, Any]]] = {"产出": [], "效益": [], "满意度": []}
    for unit_dir in sorted((root / "units").iterdir()):
        if not (unit_dir / "unit.yaml").is_file():
            continue
        unit = read_yaml(unit_dir / "unit.yaml").data
        for year_dir in sorted(p for p in unit_dir.iterdir() if p.is_dir()):
            report = read_yaml(year_dir / "report.yaml").data
            t = Template(unit_dir.name, unit, report)
            narrative = year_dir / "narrative.md"
            if narrative.is_file():
                h, s, p = _split_markdown(narrative.read_text(encoding="utf-8"))
                heads += h
                subs += s
                paras += p
            docs = [report]
            for path in sorted((year_dir / "projects").glob("*.yaml")):
                data = read_yaml(path).data
                t.projects.append((path.stem, data))
                projects.append((path.stem, data))
                docs.append(data)
                md = path.with_suffix(".md")
                if md.is_file():
                    pparas += _split_markdown(md.read_text(encoding="utf-8"))[2]
            for doc in docs:
                for row in (doc.get("indicators") or {}).get("rows") or []:
                    cat = _category(row)
                    if cat and (row.get("target") or row.get("actual")):
                        indicators[cat].append({k: row.get(k) for k in ("level2", "level3", "target", "actual")})
            templates.append(t)
    return Pools(templates, projects, sorted(set(heads)), sorted(set(subs)), paras, pparas, indicators)


# ---------------------------------------------------------------- figures

MONEY_KEYS = {
    "total",
    "carried_over",
    "public_finance",
    "government_fund",
    "special_account",
    "other",
    "basic",
    "personnel",
    "public",
    "project",
    "balance_year",
    "balance_cumulative",
    "reception",
    "vehicle_operation",
    "vehicle_purchase",
    "vehicle_total",
    "overseas_travel",
    "in_use",
    "leased",
    "prior_final",
    "budget",
    "final",
    "initial_budget",
    "full_year_budget",
    "executed",
    "amount",
    "central",
    "provincial",
    "city",
    "county",
    "general_public_budget",
    "budget_investment",
    "actual_investment",
}
_NOT_MONEY = {"score", "indicators", "staffing", "stated_figures", "cover"}


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    return None


def _money(value: Decimal) -> Decimal:
    """Cents, printed without trailing zeros (48929.9, not 48929.90)."""
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return q.to_integral_value() if q == q.to_integral_value() else q.normalize()


def scale(data: Any, factor: Decimal) -> Any:
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k in _NOT_MONEY:
                out[k] = v
            elif k in MONEY_KEYS and _num(v) is not None:
                out[k] = _money(_num(v) * factor)  # type: ignore[operator]
            else:
                out[k] = scale(v, factor)
        return out
    if isinstance(data, list):
        return [scale(v, factor) for v in data]
    return data


def _sum(values: list[Any]) -> Decimal | None:
    present = [_num(v) for v in values if _num(v) is not None]
    return sum(present, Decimal(0)) if present else None  # type: ignore[arg-type]


def _set_total(row: dict[str, Any], key: str, parts: list[str]) -> None:
    added = _sum([row.get(p) for p in parts])
    if added is not None and row.get(key) is not None:
        row[key] = _money(added)


def fix_sums(doc: dict[str, Any]) -> None:
    """Totals recomputed from their (rounded) parts, as the checker adds them."""
    for row in (doc.get("income") or {}).get("rows") or []:
        _set_total(row, "total", ["carried_over", "public_finance", "government_fund", "special_account", "other"])
    for row in (doc.get("expenditure") or {}).get("rows") or []:
        _set_total(row, "basic", ["personnel", "public"])
        _set_total(row, "total", ["basic", "project"])
    oc = doc.get("official_costs") or {}
    for fig in [*(oc.get("rows") or []), oc.get("budget") or {}, oc.get("prior_year") or {}]:
        _set_total(fig, "vehicle_total", ["vehicle_operation", "vehicle_purchase"])
        if fig.get("vehicle_operation") is not None or fig.get("vehicle_purchase") is not None:
            _set_total(fig, "total", ["reception", "vehicle_operation", "vehicle_purchase", "overseas_travel"])
        else:
            _set_total(fig, "total", ["reception", "vehicle_total", "overseas_travel"])
    for row in (doc.get("fixed_assets") or {}).get("rows") or []:
        _set_total(row, "total", ["in_use", "leased", "other"])
    funds = doc.get("funds") or {}
    for column in ("planned", "received", "spent", "balance"):
        if funds.get(column):
            _set_total(funds[column], "total", ["central", "provincial", "city", "county", "other"])
    lines = doc.get("expenditure_lines")
    if lines:
        added = _sum([r.get("amount") for r in lines.get("rows") or []])
        if added is not None:
            lines["total"] = _money(added)
            spent = funds.get("spent")
            if spent and spent.get("total") is not None:
                levels = [k for k in ("central", "provincial", "city", "county", "other") if spent.get(k) is not None]
                spent["total"] = lines["total"]
                if levels:
                    for k in levels:
                        spent[k] = None
                    spent[levels[0]] = lines["total"]
    be = doc.get("budget_execution")
    if be and be.get("rows"):
        first = be["rows"][0]
        by_type = be.get("by_expenditure_type") or {}
        added = _sum([by_type.get("basic"), by_type.get("project")])
        if added is not None:
            first["executed"] = _money(added)
        executed, budget = _num(first.get("executed")), _num(first.get("full_year_budget"))
        if executed is not None and budget:
            first["execution_rate"] = f"{(executed / budget * 100).quantize(Decimal('0.1')).normalize():f}%"
        income = be.get("by_income_source")
        if income and income.get("general_public_budget") is not None and executed is not None:
            others = _sum([income.get(k) for k in ("government_fund", "special_account", "other")]) or Decimal(0)
            income["general_public_budget"] = _money(executed - others)


# ---------------------------------------------------------------- people

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯健俊帆鑫鹏晨思佳琳欣怡"
_TITLES = ["局长", "副局长", "主任", "副主任", "财务股长", "办公室主任", "股长/项目负责人", "监察室主任"]


def person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice([1, 2])))


def landline(rng: random.Random) -> str:
    return f"0{rng.randint(710, 899)}-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


# ---------------------------------------------------------------- indicators

_DEVIATIONS = [
    "受项目实施进度影响，部分资金支付滞后，下一步将加强项目调度。",
    "个别指标完成值略低于年初目标，已分析原因并纳入下年度改进措施。",
    "指标设置不够细化，部分指标难以量化考核，下一步将完善指标体系。",
]
_GROUPS = [("产出指标", "产出", 5), ("效益指标", "效益", 3), ("满意度指标", "满意度", 1)]


def _split_weight(total: int, n: int, rng: random.Random) -> list[int]:
    base = [total // n] * n
    for i in range(total - sum(base)):
        base[i % n] += 1
    if n > 1 and rng.random() < 0.5:  # uneven weights, as in real tables
        i, j = rng.sample(range(n), 2)
        shift = min(base[j] - 1, rng.choice([1, 2, 5]))
        if shift > 0:
            base[i] += shift
            base[j] -= shift
    return base


def indicator_table(
    rng: random.Random, pools: Pools, weighted: bool, be_weight: int, project: bool
) -> tuple[dict[str, Any], Decimal]:
    """An indicator table and its total score (scores add up when weighted)."""
    rows: list[dict[str, Any]] = []
    group_weights: dict[str, int] = {}
    remaining = 100 - be_weight
    weights = {"产出": remaining - 40, "效益": 30, "满意度": 10}
    total_score = Decimal(0)
    for label, cat, typical in _GROUPS:
        n = max(1, typical + rng.randint(-1, 2))
        picks = rng.sample(pools.indicators[cat], min(n, len(pools.indicators[cat])))
        ws = _split_weight(weights[cat], len(picks), rng) if weighted else [None] * len(picks)
        if weighted:
            group_weights[label] = weights[cat]
        for pick, w in zip(picks, ws, strict=True):
            row = {"level1": ("项目" if project else "") + label, **copy.deepcopy(pick)}
            if weighted:
                score = Decimal(w)
                if rng.random() < 0.2:
                    score -= rng.choice([Decimal("0.5"), Decimal(1), Decimal(2)])
                    score = max(score, Decimal(0))
                row.update(weight=w, score=_money(score), deviation=rng.choice(_DEVIATIONS) if score < w else None)
                total_score += score
            rows.append(row)
    table: dict[str, Any] = {}
    if weighted:
        table["group_weights"] = {("项目" if project else "") + k: v for k, v in group_weights.items()}
    table["rows"] = rows
    if weighted:
        table["total_weight"] = 100
    return table, total_score


def set_score(doc: dict[str, Any], rng: random.Random, pools: Pools, project: bool) -> None:
    """Indicator rows from the pool, weights and scores that add up, the grade the score earns."""
    template_rows = (doc.get("indicators") or {}).get("rows") or []
    weighted = any(r.get("weight") is not None for r in template_rows) or (bool(template_rows) and rng.random() < 0.4)
    be = doc.get("budget_execution")
    be_weight = 10 if (weighted and be and be.get("rows")) else 0
    be_score = Decimal(0)
    if be and be.get("rows"):
        first = be["rows"][0]
        if be_weight:
            be_score = Decimal(10) if rng.random() < 0.8 else Decimal(9)
            first.update(weight=be_weight, score=be_score)
        else:
            first.update(weight=None, score=None)
        for row in be["rows"][1:]:
            row.update(weight=None, score=None)
    if template_rows or rng.random() < 0.5:
        table, total = indicator_table(rng, pools, weighted, be_weight, project)
        doc["indicators"] = table
        if not weighted:
            total = Decimal(rng.randint(780, 995)) / 10
        else:
            total += be_score
    else:
        doc.pop("indicators", None)
        total = Decimal(rng.randint(780, 995)) / 10
    total = _money(total)
    grade = grade_for(total)
    score: dict[str, Any] = {"total": total, "grade": grade}
    if rng.random() < 0.3:
        score["grade_printed"] = {"优": "优秀", "良": "良好", "中": "中等", "差": "较差"}[grade]
    doc["score"] = score


# ---------------------------------------------------------------- narratives


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n <= 10:
        return "十" if n == 10 else digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def narrative(rng: random.Random, pools: Pools, title: str, opening: str, region: Region, target_bytes: int) -> str:
    """Real paragraphs, shuffled, under real headings, until ``target_bytes`` of UTF-8."""
    parts = [f"# {title}", "", "## 一、部门（单位）基本情况", "", opening, ""]
    size = sum(len(p.encode()) + 1 for p in parts)
    headings = rng.sample(pools.headings, len(pools.headings))
    section = 2
    while size < target_bytes:
        heading = headings[(section - 2) % len(headings)]
        lines = [f"## {_cn_number(section)}、{heading}", ""]
        if rng.random() < 0.4 and pools.subheadings:
            lines += [f"### （一）{rng.choice(pools.subheadings)}", ""]
        for _ in range(rng.randint(1, 4)):
            para = localise(rng.choice(pools.paragraphs), region)
            room = target_bytes - size - sum(len(x.encode()) + 1 for x in lines)
            if room < len(para.encode()) // 2 and len(lines) > 2:
                break  # stop near the target rather than a whole paragraph past it
            lines += [para, ""]
        section += 1
        parts += lines
        size += sum(len(x.encode()) + 1 for x in lines)
    return "\n".join(parts).rstrip() + "\n"


def project_narrative(rng: random.Random, pools: Pools, name: str, region: Region, target_bytes: int) -> str:
    parts = [f"# {name}绩效自评报告", ""]
    size = 0
    section = 1
    for heading in (
        "项目基本情况",
        "项目资金使用及管理情况",
        "项目组织实施情况",
        "项目绩效情况",
        "存在的问题及改进措施",
    ):
        if size >= target_bytes and section > 2:
            break
        parts += [f"## {_cn_number(section)}、{heading}", ""]
        for _ in range(rng.randint(1, 2)):
            para = localise(rng.choice(pools.project_paragraphs or pools.paragraphs), region)
            parts += [para, ""]
            size += len(para.encode())
        section += 1
    return "\n".join(parts).rstrip() + "\n"


# ---------------------------------------------------------------- one unit-year


@dataclass
class SynthUnit:
    unit_id: str
    region: Region
    dept: str
    name: str  # without the mark
    short_name: str
    template: Template
    factor: Decimal
    years: list[int]
    budget_code: str | None


def _fmt(v: Decimal) -> str:
    return format(v, "f")


def _opening(doc: dict[str, Any], year: int, rng: random.Random, plant: bool) -> tuple[str, list[dict[str, Any]]]:
    """A first paragraph that states the report's totals, and the stated figures that check it against the tables."""
    where = "文字部分 一、部门（单位）基本情况"
    sentences: list[str] = []
    stated: list[dict[str, Any]] = []
    exp = (doc.get("expenditure") or {}).get("rows") or []
    unit = (doc.get("expenditure") or {}).get("money_unit")
    if exp:
        row = exp[0]
        names = [
            ("total", "整体支出", "{year}年，本单位整体支出规模达{v}{u}"),
            ("basic", "基本支出", "其中基本支出{v}{u}"),
            ("project", "项目支出", "项目支出{v}{u}"),
        ]
        for key, name, pattern in names:
            value = _num(row.get(key))
            if value is None:
                continue
            shown = value
            if plant and key == "project" and value > 1:
                shown = value - Decimal("0.1")  # a typo, as real reports have them
                plant = False
            quote = pattern.format(year=year, v=_fmt(shown), u=unit)
            sentences.append(quote)
            stated.append(
                {
                    "name": name,
                    "value": shown,
                    "unit": unit,
                    "field": f"expenditure.rows[0].{key}",
                    "where": where,
                    "quote": quote,
                }
            )
    staffing = doc.get("staffing") or {}
    if staffing.get("actual") is not None:
        quote = f"年末实有在职人员{staffing['actual']}人"
        sentences.append(quote)
        stated.append(
            {
                "name": "实有人数",
                "value": Decimal(staffing["actual"]),
                "unit": "人",
                "field": "staffing.actual",
                "where": where,
                "quote": quote,
            }
        )
    oc = doc.get("official_costs") or {}
    if oc.get("rows") and _num(oc["rows"][0].get("total")) is not None:
        quote = f"全年发生“三公”经费{_fmt(oc['rows'][0]['total'])}{oc['money_unit']}"
        sentences.append(quote)
        stated.append(
            {
                "name": "三公经费",
                "value": oc["rows"][0]["total"],
                "unit": oc["money_unit"],
                "field": "official_costs.rows[0].total",
                "where": where,
                "quote": quote,
            }
        )
    if not sentences:
        sentences = [f"{year}年，本单位认真履行职能职责，各项工作任务顺利完成"]
    return "，".join(sentences) + "。", stated


def text_bytes(data: Any) -> int:
    """UTF-8 bytes of every value (what a page shows of the data), stated figures aside."""
    if isinstance(data, dict):
        return sum(text_bytes(v) for k, v in data.items() if k != "stated_figures")
    if isinstance(data, list):
        return sum(text_bytes(v) for v in data)
    return 0 if data is None else len(str(data).encode())


def make_report(
    u: SynthUnit, year: int, index: int, rng: random.Random, pools: Pools
) -> tuple[dict[str, Any], str, list[tuple[str, dict[str, Any], str]]]:
    t = u.template
    drift = Decimal(1) + Decimal(rng.randint(-80, 150)) / 1000 * (year - u.years[0])
    factor = u.factor * drift
    doc = scale(copy.deepcopy(t.report), factor)
    doc = _localise_data(doc, u.region)
    fix_sums(doc)
    doc["unit"] = u.unit_id
    doc["year"] = year
    full_name = f"{MARK}{u.name}"
    report_date = dt.date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
    cover = doc.setdefault("cover", {})
    cover["title"] = f"{MARK}{year}年度{u.name}部门整体支出绩效评价自评报告"
    if "unit_name" in cover:
        cover["unit_name"] = full_name
    if cover.get("budget_code") is not None or "budget_code" in cover:
        cover["budget_code"] = u.budget_code
    cover["report_date"] = report_date
    if cover.get("issued_by"):
        cover["issued_by"] = f"{u.region.local}财政局（制）"
    if "contact" in doc:
        doc["contact"] = {"name": person(rng), "phone": landline(rng) if rng.random() < 0.5 else mobile(rng)}
    if "filled_by" in doc:
        doc["filled_by"] = {"signature": None, "phone": mobile(rng) if rng.random() < 0.5 else None}
    staffing = doc.get("staffing") or {}
    if staffing.get("authorized") is not None:
        staffing["authorized"] = max(3, round(staffing["authorized"] * float(u.factor) ** 0.5))
        if staffing.get("actual") is not None:
            staffing["actual"] = max(1, staffing["authorized"] - rng.randint(0, 3))
        if staffing.get("control_rate"):
            rate = Decimal(staffing["actual"] or 0) / staffing["authorized"] * 100
            staffing["control_rate"] = f"{rate.quantize(Decimal('0.01')).normalize():f}%"
    if doc.get("evaluators"):
        doc["evaluators"] = [
            {"name": person(rng), "title": rng.choice(_TITLES), "unit": u.short_name, "signature": None}
            for _ in range(rng.randint(2, 4))
        ]
    bd = doc.get("basic_data")
    if bd:
        bd["prior_final_label"] = f"{year - 1}年决算数"
        bd["budget_label"] = f"{year}年预算数"
        bd["final_label"] = f"{year}年决算数"
        bd["title"] = f"{year}年度部门整体支出绩效评价基础数据表"
    set_score(doc, rng, pools, project=False)
    opening, stated = _opening(doc, year, rng, plant=rng.random() < 0.05)
    doc["stated_figures"] = stated
    # the text of the page: 8–15 KB, of which the tables' text (their values) is a part
    target = max(2500, rng.randint(8 * 1024, 15 * 1024) - text_bytes(doc))
    story = narrative(rng, pools, cover["title"].removeprefix(MARK), opening, u.region, target)
    projects: list[tuple[str, dict[str, Any], str]] = []
    if rng.random() < 0.35:
        chosen = rng.sample(pools.projects, rng.choice([1, 1, 2]))
        for slug, template in chosen:
            projects.append(make_project(u, year, slug, template, factor, report_date, rng, pools))
    return doc, story, projects


def make_project(
    u: SynthUnit,
    year: int,
    slug: str,
    template: dict[str, Any],
    factor: Decimal,
    report_date: dt.date,
    rng: random.Random,
    pools: Pools,
) -> tuple[str, dict[str, Any], str]:
    doc = scale(copy.deepcopy(template), factor * Decimal(rng.randint(50, 200)) / 100)
    doc = _localise_data(doc, u.region)
    fix_sums(doc)
    doc["name"] = f"{MARK}{doc['name']}"
    cover = doc.setdefault("cover", {})
    cover["report_date"] = report_date
    if cover.get("issued_by"):
        cover["issued_by"] = f"{u.region.local}财政局（制）"
    if doc.get("project_unit") is not None:
        doc["project_unit"] = f"{MARK}{u.name}"
    if doc.get("period"):
        doc["period"] = f"{year}年1月起至{year}年12月止"
    if doc.get("leader"):
        doc["leader"] = {"name": person(rng), "phone": landline(rng)}
    if "filled_by" in doc:
        doc["filled_by"] = {"signature": None, "phone": mobile(rng) if rng.random() < 0.5 else None}
    if doc.get("evaluators"):
        doc["evaluators"] = [
            {"name": person(rng), "title": rng.choice(_TITLES), "unit": u.short_name, "signature": None}
            for _ in range(rng.randint(2, 3))
        ]
    if doc.get("postcode"):
        doc["postcode"] = f"{u.region.code[:2]}{rng.randint(0, 99):02d}00"
    set_score(doc, rng, pools, project=True)
    doc["stated_figures"] = []
    text = project_narrative(rng, pools, doc["name"].removeprefix(MARK), u.region, rng.randint(1500, 4000))
    return slug, doc, text


# ---------------------------------------------------------------- output


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # anchors are refused by the loader
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", format(value.to_integral_value(), "f"))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:  # text blocks as in the real files
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


Dumper.add_representer(Decimal, _represent_decimal)
Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096)


def _prints_yuan(t: Template) -> bool:
    return any(isinstance(v, dict) and v.get("money_unit") == "元" for v in t.report.values())


def plan_units(n_reports: int, rng: random.Random, pools: Pools, provinces: list[str]) -> list[SynthUnit]:
    by_level: dict[str, list[Template]] = {"province": [], "county": []}
    for t in pools.templates:
        by_level["province" if t.unit.get("level") == "province" else "county"].append(t)
    units: list[SynthUnit] = []
    used: set[str] = set()
    total = 0
    depts = list(DEPARTMENTS)
    dept_weights = [DEPARTMENTS[d][3] for d in depts]
    misses = 0
    while total < n_reports:
        level = rng.choices(["province", "city", "county"], [1, 6, 30])[0]
        dept = rng.choices(depts, dept_weights)[0]
        for _ in range(1000):
            code = random_code(rng, level, provinces)
            unit_id = f"{code}-{dept}"
            if unit_id not in used:
                break
        else:  # every code of this kind taken: try another level
            misses += 1
            if misses > 1000:
                raise SystemExit(
                    f"这些省份的单位代码已用完（{len(units)} 个单位、{total} 份报告）：请用 --provinces 增加省份"
                )
            continue
        used.add(unit_id)
        region = region_for(code)
        prov_name, below_name, short, _ = DEPARTMENTS[dept]
        dept_name = prov_name if level == "province" else below_name
        name = f"{region.local}{dept_name}"
        short_name = f"{region.local[:-1] if len(region.local) > 2 else region.local}{short}"
        templates = by_level["province"] if level == "province" and by_level["province"] else by_level["county"]
        # a 社保中心 reports like the real 社保中心, a 人社局 like the real 人社局s; the others take any shape
        suited = [t for t in templates if t.unit_id.endswith(dept)] or templates
        template = rng.choice(suited)
        if level == "province":
            factor = Decimal(rng.randint(50, 200)) / 100
        elif level == "city":
            factor = Decimal(rng.randint(40, 300)) / 100
        else:
            factor = Decimal(rng.randint(25, 250)) / 100
        k = min(rng.choices([1, 2, 3], [40, 35, 25])[0], n_reports - total)
        if _prints_yuan(template):
            # Year-over-year changes of a report printed in 元 are shown in 万元 with six decimals and a sign
            # (“+4.916815”), which the leak scan takes for a phone number and refuses: one year for these units.
            k = 1
        first = rng.randint(2019, 2024 - k + 1)
        budget_code = f"{rng.randint(100000, 999999)}" if rng.random() < 0.3 else None
        units.append(
            SynthUnit(
                unit_id, region, dept, name, short_name, template, factor, list(range(first, first + k)), budget_code
            )
        )
        total += k
    return units


def unit_yaml(u: SynthUnit) -> dict[str, Any]:
    parent = (
        f"{u.region.local}人民政府"
        if u.dept == "renshe"
        else f"{u.region.local}人力资源和社会保障{'厅' if u.region.level == 'province' else '局'}"
    )
    return {
        "id": u.unit_id,
        "name": f"{MARK}{u.name}",
        "short_name": f"{MARK}{u.short_name}",
        "level": u.region.level,
        "region": {"name": u.region.full_name, "code": u.region.code},
        "parent_department": parent,
        "budget_code": u.budget_code,
        "maintainers": [],
    }


def _guard(out: Path) -> None:
    """Never the repository itself or anything under its units/."""
    out = out.resolve()
    units = (ROOT / "units").resolve()
    if out == ROOT or out == units or units in out.parents:
        raise SystemExit(f"拒绝写入 {out}：测试数据不得写入仓库或仓库的 units/")


def generate(
    n_reports: int, out: Path, seed: int = 1, provinces: list[str] | None = None, force: bool = False
) -> dict[str, int]:
    """Write ``n_reports`` synthetic unit-years (and their project reports) into a repository-shaped ``out``."""
    _guard(out)
    out.mkdir(parents=True, exist_ok=True)
    units_dir = out / "units"
    if units_dir.exists():
        if not force:
            raise SystemExit(f"{units_dir} 已存在；加 --force 覆盖")
        shutil.rmtree(units_dir)
    for name in ("content", "theme", "mkdocs.yml"):
        src, dest = ROOT / name, out / name
        if dest.is_dir():
            shutil.rmtree(dest)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest)
    rng = random.Random(seed)
    pools = load_pools()
    provinces = provinces or sorted(PROVINCES)
    stats = {"units": 0, "reports": 0, "projects": 0, "bytes": 0}
    for index, u in enumerate(plan_units(n_reports, rng, pools, provinces)):
        unit_dir = units_dir / u.unit_id
        unit_dir.mkdir(parents=True)
        (unit_dir / "unit.yaml").write_text(dump(unit_yaml(u)), encoding="utf-8")
        stats["units"] += 1
        for year in u.years:
            doc, story, projects = make_report(u, year, index, rng, pools)
            year_dir = unit_dir / str(year)
            year_dir.mkdir()
            files = {year_dir / "report.yaml": dump(doc), year_dir / "narrative.md": story}
            for slug, pdoc, ptext in projects:
                files[year_dir / "projects" / f"{slug}.yaml"] = dump(pdoc)
                files[year_dir / "projects" / f"{slug}.md"] = ptext
            for path, text in files.items():
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
                stats["bytes"] += len(text.encode())
            stats["reports"] += 1
            stats["projects"] += len(projects)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成基准测试用的合成报告（【测试数据】，不发布）")
    parser.add_argument("--reports", type=int, required=True, help="单位年度报告份数")
    parser.add_argument("--out", required=True, help="输出目录（仓库结构：units/、content/、theme/、mkdocs.yml）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--provinces", help="只用这些省级代码前两位，逗号分隔，例如 43,51")
    parser.add_argument("--force", action="store_true", help="覆盖已有的 units/")
    args = parser.parse_args(argv)
    provinces = args.provinces.split(",") if args.provinces else None
    if provinces and any(p not in PROVINCES for p in provinces):
        parser.error(f"未知的省级代码：{args.provinces}")
    stats = generate(args.reports, Path(args.out), args.seed, provinces, args.force)
    print(
        f"已生成 {stats['units']} 个单位、{stats['reports']} 份报告、{stats['projects']} 份项目报告，"
        f"{stats['bytes'] / 1e6:.1f} MB → {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
