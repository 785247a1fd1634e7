"""Generated from the schema: the JSON Schema files (for editors) and the 填报指南 page (for clerks).

``python -m site_builder schema`` rewrites ``schema/*.schema.json`` and ``content/guide.md``;
a test fails when the committed files are stale.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from site_builder.redaction_rule import redaction_markdown
from site_builder.schema import ProjectReport, Report, Unit

SCHEMAS: dict[str, type[BaseModel]] = {"unit": Unit, "report": Report, "project": ProjectReport}

INTRO = """# 填报指南

每份报告在仓库中是一个文件夹，里面是结构化数据（YAML）和文字部分（Markdown）：

```text
units/<单位标识>/unit.yaml                 单位信息
units/<单位标识>/<年度>/report.yaml        部门（单位）整体支出绩效自评报告（表格部分）
units/<单位标识>/<年度>/narrative.md       评价报告综述（文字部分）
units/<单位标识>/<年度>/projects/<项目标识>.yaml  项目支出绩效自评报告（表格部分）
units/<单位标识>/<年度>/projects/<项目标识>.md    项目报告的文字部分
```

单位标识用“行政区划代码-简称拼音”，例如 `430624-renshe`；项目标识用小写拼音和连字符，例如 `shebao-jijin-zhengjiao`。

## 选哪个模板

`python -m site_builder new <单位标识> <年度>` 生成空白的报告文件，按原件的格式选模板：

| 原件 | 命令 | 生成 |
|---|---|---|
| 部门（单位）整体支出绩效自评报告：湖南等地“XX财政局（制）”的表格加文字部分（附件 2-1 / 3-1），或只有文字的整体支出报告 | `--template hunan`（默认，可不写） | `report.yaml`、`narrative.md` |
| 财政部格式的项目支出绩效自评表：年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分，年度总体目标，三级指标（多数省份采用） | `--template national --project <项目标识>` | `projects/<项目标识>.yaml`、`.md` |
| 四川省项目支出绩效自评表：年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 / 原因，指标性质、度量单位，评价结论 / 存在问题 / 改进措施 | `--template sichuan --project <项目标识>` | `projects/<项目标识>.yaml`、`.md` |

项目表属于当年的部门报告：当年还没有 `report.yaml` 时会一并生成。湖南格式的项目报告（附件 2-2，计划安排 /
实际到位 / 实际支出 / 结余分中央、省、市、县）也写在 `projects/` 下，字段见下文 `ProjectReport`。

## 已有 Word、Excel 或网页：导入 → 预览 → 拉取请求

单位已有报告的 Word（.docx，旧版 .doc/.wps 需本机装有 LibreOffice，否则请另存为 .docx）、自评表的 Excel（.xlsx）、
发布过的网页（.html）或复制出的文字（.txt）时，不必从空白开始：

```text
python -m site_builder import 报告.docx 自评表.xlsx --unit <单位标识> --year <年度>
```

同一年度的几个文件合成一份草稿。每个导入的值上方有 `# 来源：` 注明出自哪个文件的哪张表、哪一格（或哪一段）；
文字部分原样写入 `narrative.md`，文中与表格相同的数字记入 `stated_figures`（附原文）；文中和表格文字格里其他有名称的
数字（如“实现收入为7.99亿元”，名称取原文中它前面的词，段落或标题说的是哪项基金就带上基金名）、指标值和实际完成值、
封面的报告日期也一并记入，请核对名称，删去不需要核对的。数字照原文抄录，不换算；
找不到的必填项留着“【请填写】”，表格没印金额单位的 `money_unit` 也一样，命令最后列出已导入的、未找到的，以及对草稿运行
`check` 的结果。然后：

1. 逐项与原件核对（特别是 `# 来源：` 指的格子），补上“【请填写】”；
2. `python -m site_builder serve` 在浏览器里预览，修改后页面自动刷新；
3. `python -m site_builder check --changed units/<单位标识>/<年度>` 没有错误后，提交拉取请求。

已有文件不会被覆盖（确认要覆盖时加 `--force`）。加密、损坏、扫描版 PDF 等文件会得到一行说明原因的错误，不写入任何文件。

## 填写规则

- **数字照抄原文**：写成普通数字，不加引号、不加千分位逗号、不写单位，例如 `48929.9`、`7851828.47`。
  原文 `1.50` 就写 `1.50`。
- **金额单位**：每张表有一个 `money_unit`，填原表印的单位：`元`、`万元` 或 `亿元`。
- **空白就是空白**：原表空白的格子写 `null`（或不写这个字段），**不要写 0**；原表印了 0 才写 0。
- **文字照录**：指标值、完成值、执行率等按原文写，例如 `95%以上`、`按时足额发放`。
- **编码、电话、邮编加英文引号**：例如 `"301001"`、`"414600"`。
- **日期**写成 `2023-03-28`（也接受 `2023年3月28日`）。
- **格子另印了单位**：万元的表里某一格印作“0.19元”，就写成 `balance: {value: 0.19, unit: 元}`，不要换算。
- **原表列名不同**：同一个意思只有一个字段（例如 `full_year_budget` 全年预算数，四川表印作“调整后预算数”；
  `weight` 分值，也叫“权重”；`deviation` 偏差原因分析及改进措施，也叫“未完成原因分析”）；原表的列名照录在该表的
  `labels` 里，例如 `labels: {full_year_budget: 调整后预算数, weight: 权重}`，网站按原表列名显示。
- **预算口径没写**：原文只写“预算 28.13 万元”，没说年初预算还是全年（调整后）预算时，填 `budget`
  （预算数（未注明年初或全年）），不要猜 `initial_budget` 或 `full_year_budget`。
- **原文只有经济分类**（工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出）时填
  `economic_classification`，不要换算成人员支出、公用支出；逐个列出的项目的预算、支出和结余填 `project_lines`；
  年初数 / 期末数填 `opening_closing`；内设机构个数填 `staffing.internal_departments`。
- **个人信息**：联系电话、填报人签名、签字、签章只填在标注“个人信息”的字段里；网站不会公开这些字段，
  其他文字中的电话号码和签名也会自动隐去（显示为“〔已隐去〕”）。提交前可运行
  `python -m site_builder redact units/<单位标识>/<年度>/report.yaml` 查看公开后的样子。
- **文中数据**（`stated_figures`）：文字部分里与表格重复、或前后出现两次的数字，登记在这里，
  检查程序会核对它们是否一致，不一致的会作为“数据核对提示”随报告公开。`value` 只写数字（单位写在 `unit`），
  `quote` 从原文原样复制、且包含这个数字，`field` 写成确实存在的字段路径；否则是**错误**。
- 用 VS Code 等编辑器并安装 YAML 插件时，文件第一行加上
  `# yaml-language-server: $schema=../../../schema/report.schema.json` 即可自动提示和校验。

## 检查

```bash
python -m site_builder check units/<单位标识>
```

每条消息一行：`文件:行:列: 字段: 错误/警告：说明`。**错误**是录入的问题（格式不对、原文找不到、数值不在原文里、
字段不存在），必须按说明改正，否则不能发布；**警告**是原件自己印出的数字之间的不一致（合计与分项、文字与表格），
按原文照录、不要改，网站会用原表的表名和列名在报告页列出。

## 字段说明
"""


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _type_text(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = args[0]
        text = _type_text(inner)
        return text
    if origin in (typing.Union, types.UnionType):
        parts = [_type_text(a) for a in args if a is not type(None)]
        return " 或 ".join(dict.fromkeys(parts))
    if origin is Literal:
        return " / ".join(str(a) for a in args)
    if origin is list:
        return f"列表（{_type_text(args[0])}）"
    if origin is dict:
        return f"对照表（名称: {_type_text(args[1])}）"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"字段组 {annotation.__name__}"
    names = {"str": "文字", "int": "整数", "Decimal": "数字", "date": "日期", "float": "数字"}
    return names.get(getattr(annotation, "__name__", ""), str(annotation))


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            for candidate in _nested(field.annotation):
                visit(candidate)

    visit(root)
    return seen


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _nested(arg)
    return found


def guide_markdown() -> str:
    head, fields, rest = INTRO.partition("## 字段说明")
    lines = [head + redaction_markdown() + "\n" + fields + rest]
    documented: set[type[BaseModel]] = set()
    for key, root in (("unit.yaml", Unit), ("report.yaml", Report), ("projects/<项目标识>.yaml", ProjectReport)):
        lines.append(f"### {key}：{(root.__doc__ or '').strip()}\n")
        for model in _models(root):
            if model in documented:
                continue
            documented.add(model)
            title = "顶层字段" if model is root else f"字段组 {model.__name__}"
            doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ and model is not root else ""
            lines.append(f"#### {title}{('：' + doc) if doc and 'Base' not in doc else ''}\n")
            lines.append("| 字段 | 中文名 | 类型 | 必填 | 说明 |")
            lines.append("|---|---|---|---|---|")
            for name, field in model.model_fields.items():
                required = "是" if field.is_required() else ""
                desc = (field.description or "").replace("|", "\\|").replace("\n", " ")
                lines.append(
                    f"| `{name}` | {field.title or ''} | {_type_text(field.annotation)} | {required} | {desc} |"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_generated(root: Path) -> list[Path]:
    """Rewrite the generated files under ``root``; return their paths."""
    written = []
    schema_dir = root / "schema"
    schema_dir.mkdir(exist_ok=True)
    for name, model in SCHEMAS.items():
        path = schema_dir / f"{name}.schema.json"
        path.write_text(json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    guide = root / "content" / "guide.md"
    guide.write_text(guide_markdown(), encoding="utf-8")
    written.append(guide)
    return written
