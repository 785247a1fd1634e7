"""The one source of truth for what a report is.

Every YAML file under ``units/`` is validated against these models; the JSON
Schema in ``schema/report.schema.json`` (for editors) and the 填报指南 page in
``content/`` are generated from them (``python -m site_builder schema``).

Conventions that hold everywhere:

* Money is written as a plain YAML number, exactly as printed (``7851828.47``);
  the unit it was printed in is the table's ``money_unit`` (元 / 万元 / 亿元).
* A blank cell is ``null`` (or the key left out), never ``0``.
* Indicator values, rates and dates as printed in words stay text.
* Fields marked “个人信息” are kept in the internal repository only and are
  removed from the public model before anything is rendered.

This module takes the field types of :mod:`site_builder.fieldtypes` and the financial tables of
:mod:`site_builder.accounts` and gives the models of ``unit.yaml``, ``report.yaml`` and a project report, and which
fields are personal (:data:`PERSONAL_FIELDS`, :func:`is_personal_field`).  The redaction rule as the site prints it
is :mod:`site_builder.redaction_rule`'s.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
)

from site_builder.accounts import (
    BudgetExecution,
    EconomicTable,
    ExpenditureTable,
    FixedAssetsTable,
    IncomeTable,
    OfficialCosts,
    OpeningClosingTable,
    ProjectLines,
)
from site_builder.fieldtypes import (
    Amount,
    Code,
    Date,
    F,
    Grade,
    Level,
    Model,
    MoneyUnit,
    Nature,
    Text,
    printed_labels,
    stated_value,
)

# ---------------------------------------------------------------- unit.yaml


class Region(Model):
    name: str = Field(title="地区名称", description="完整行政区划名称，例如 湖南省岳阳市湘阴县")
    code: Code = Field(title="行政区划代码", description='6 位国家行政区划代码，加引号，例如 "430624"')


class Unit(Model):
    """一个预算单位（units/<unit-id>/unit.yaml）。"""

    id: str = Field(title="单位标识", description="与文件夹同名的英文标识，例如 430624-renshe")
    name: str = Field(title="单位名称", description="全称，例如 湘阴县人力资源和社会保障局")
    short_name: Text = F("简称", "例如 湘阴县人社局")
    level: Level = Field(title="单位层级", description="province（省级）、city（市级）或 county（县级，含县级市、区）")
    region: Region = Field(title="所在地区")
    parent_department: Text = F("主管部门", "上级主管部门；本身为一级预算单位的写本级政府")
    budget_code: Code | None = F("预算编码", "财政预算编码，加引号")
    maintainers: list[str] = Field(
        default_factory=list, title="维护人", description="负责本单位报告的 GitHub 用户名，用于审核分工"
    )


# ---------------------------------------------------------------- building blocks


class Cover(Model):
    title: str = Field(
        title="报告标题", description="封面上的标题，例如 湘阴县2021年度部门（单位）整体支出绩效评价自评报告"
    )
    annex: Text = F("附件编号", "封面左上角的附件号，例如 附件2")
    unit_name: Text = F("部门（单位）名称")
    budget_code: Code | None = F("预算编码", '加引号，例如 "301001"')
    evaluation_type: Text = F("评价类型", "项目报告的评价类型，原样照录，例如 项目实施过程评价□ 项目完成结果评价□")
    evaluation_method: Text = F("评价方式", "例如 部门（单位）绩效自评")
    evaluating_body: Text = F("评价机构", "例如 部门（单位）评价组")
    report_date: Date = F("报告日期", "写成 2023-03-28")
    issued_by: Text = F("制表机关", "封面底部的财政局，例如 湘阴县财政局（制）")


class Contact(Model):
    name: Text = F("姓名")
    phone: Text = F("联系电话", "个人信息：不公开。加引号")


class Staffing(Model):
    authorized: int | None = F("人员编制", "编制数（人）")
    actual: int | None = F("实有人数", "年末实有在职人数（人）")
    internal_departments: int | None = F("内设机构数", "内设机构（科室、股室、部门）的个数，例如“内设 6 个部门”写 6")
    control_rate: Text = F("控制率", "原样照录，例如 100%")
    note: Text = F("说明", "报告中关于人员的补充说明")


class Goal(Model):
    target: Text = F("预期目标")
    actual: Text = F("实际完成", "也叫 实际完成情况")


class Indicator(Model):
    level1: Text = F("一级指标", "产出指标 / 效益指标 / 满意度指标，原样照录")
    level2: Text = F("二级指标", "数量 / 质量 / 时效 / 成本指标，经济 / 社会 / 生态效益，可持续影响，服务对象满意度")
    level3: Text = F("三级指标", "指标名称或指标内容")
    nature: Nature = F("指标性质", "四川等地的表单列的 =、≥、≤（也可写 >=、<=、定性）；不要并进指标值")
    target: Text = F(
        "指标值", "年度指标值（目标），原样照录，例如 95%以上；单列了指标性质、度量单位时只写数字，例如 95"
    )
    measure_unit: Text = F("度量单位", "单列的度量单位，例如 %、人、万元")
    actual: Text = F("实际完成值", "原样照录")
    weight: Amount = F("分值", "也叫 权重")
    score: Amount = F("得分")
    deviation: Text = F("偏差原因分析及改进措施", "也叫 未完成原因分析")


IndicatorLabels = printed_labels(
    "IndicatorLabels",
    Indicator,
    ("target", "actual", "weight", "score", "deviation", "nature", "measure_unit"),
    "deviation: 未完成原因分析",
    __name__,
)


class IndicatorTable(Model):
    group_weights: dict[str, Amount] = Field(
        default_factory=dict, title="一级指标分值", description="表头印出的一级指标分值，例如 产出指标: 50"
    )
    rows: list[Indicator] = Field(default_factory=list, title="指标")
    total_weight: Amount = F("总分值", "“总分”一行的分值，例如 100")
    labels: IndicatorLabels | None = F(  # type: ignore[valid-type]
        "原表列名",
        "原表的列名与标准列名不同时填写，例如 四川表 weight: 权重、deviation: 未完成原因分析；页面按原表列名显示",
    )


class Score(Model):
    total: Amount = F("绩效自评综合得分", "例如 97（不写“分”字）")
    grade: Grade | None = F("评价等次", "优 / 良 / 中 / 差")
    grade_printed: Text = F("等次原文", "报告中等次的原始写法不同时填写，例如 良好")


class Evaluator(Model):
    name: Text = F("姓名")
    title: Text = F("职务/职称")
    unit: Text = F("单位")
    signature: Text = F("签字", "个人信息：不公开")


class Opinion(Model):
    role: str = Field(title="意见栏", description="例如 部门（单位）意见、财政部门归口业务科室意见、评价组组长")
    text: Text = F("意见内容")
    signatory: Text = F("签字/签章", "个人信息：不公开")
    date: Text = F("日期", "原样照录")


class FilledBy(Model):
    signature: Text = F("填报人（签名）", "个人信息：不公开")
    phone: Text = F("联系电话", "个人信息：不公开")


class PublicNumber(Model):
    """一个看似电话号码、其实可以公开的数字：独立泄露检查据此放行，在合并请求中与其他修改一同审阅。"""

    number: str = Field(
        title="号码",
        description="照抄原文中被误判的数字（只比较其中的数字，空格、横线、括号不计）",
        pattern=r"^[0-9０-９+()（）. \-－—]{5,30}$",
    )
    reason: str = Field(
        title="公开理由", min_length=2, description="为什么可以公开，例如 报告编号、公共服务热线、金额（元）"
    )


PUBLIC_NUMBERS_TITLE = "公开数字声明"
PUBLIC_NUMBERS_HELP = (
    "独立泄露检查误把公开的数字当作电话号码而停止构建时，在此逐项写明号码和理由；没有全局开关可以跳过检查"
)


Measure = Literal[
    "official_costs.total",
    "official_costs.vehicle_total",
    "official_costs.vehicle_purchase",
    "official_costs.vehicle_operation",
    "official_costs.overseas_travel",
    "official_costs.reception",
    "expenditure.project",
    "expenditure.public",
    "procurement",
]


class BasicDataRow(Model):
    item: str = Field(title="项目", description="原样照录，例如 三公经费、   3、公务接待、公用经费")
    measure: Measure | None = F("对应指标", "可与其他年度比较的指标，例如 official_costs.total")
    prior_final: Amount = F("上年决算数")
    budget: Amount = F("本年预算数")
    final: Amount = F("本年决算数")
    note: Text = F("说明", "单元格中的文字，例如 ——")


class Building(Model):
    name: Text = F("项目名称")
    approved_area: Amount = F("批复规模（㎡）")
    actual_area: Amount = F("实际规模（㎡）")
    area_control_rate: Text = F("规模控制率")
    budget_investment: Amount = F("预算投资（万元）")
    actual_investment: Amount = F("实际投资（万元）")
    investment_control_rate: Text = F("投资概算控制率")


class BasicData(Model):
    """基础数据表（部分地区附表，含上年决算、本年预算和决算）。"""

    title: str = Field(title="表名")
    annex: Text = F("附件编号")
    staffing: Staffing | None = F("财政供养人员情况")
    money_unit: MoneyUnit = Field(title="金额单位")
    prior_final_label: str = Field(title="上年决算列名", description="例如 2022年决算数")
    budget_label: str = Field(title="本年预算列名", description="例如 2023年预算数")
    final_label: str = Field(title="本年决算列名", description="例如 2023年决算数")
    rows: list[BasicDataRow] = Field(default_factory=list, title="经费控制情况")
    buildings: list[Building] = Field(default_factory=list, title="楼堂馆所控制情况")
    frugality_measures: Text = F("厉行节约保障措施")
    note: Text = F("说明")


class StatedFigure(Model):
    """一个在文字中出现的数字，用于与表格核对、以及在不同处互相核对。"""

    name: str = Field(title="名称", description="同名的数字会互相核对，例如 职业年金征缴")
    value: Annotated[Decimal | str, BeforeValidator(stated_value)] = Field(
        title="数值",
        description="照抄原文数字；非数字的说法（如 未完成）写文字",
        json_schema_extra={"type": ["number", "string"]},
    )
    unit: Text = F("单位", "元 / 万元 / 亿元 / 人 / 分 等")
    field: Text = F("对应字段", "与之核对的结构化字段路径，例如 expenditure.rows[0].project")
    where: Text = F("出处", "例如 文字部分 四、部门整体支出规模")
    quote: str = Field(title="原文", description="包含该数字的原文片段，须能在报告中找到")


# ---------------------------------------------------------------- project report


class FundsByLevel(Model):
    total: Amount = F("合计")
    central: Amount = F("中央财政")
    provincial: Amount = F("省财政")
    city: Amount = F("市财政")
    county: Amount = F("县市区财政")
    other: Amount = F("其它")


class ProjectFunds(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    planned: FundsByLevel | None = F("计划安排资金")
    received: FundsByLevel | None = F("实际到位资金")
    spent: FundsByLevel | None = F("实际支出")
    balance: FundsByLevel | None = F("结余")


class ExpenditureLine(Model):
    item: Text = F("支出内容")
    amount: Amount = F("实际支出数")
    voucher: Text = F("会计凭证号")
    note: Text = F("备注")


class ExpenditureLines(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    rows: list[ExpenditureLine] = Field(default_factory=list, title="支出明细")
    total: Amount = F("支出合计")


class Leader(Model):
    name: Text = F("项目负责人")
    phone: Text = F("联系电话", "个人信息：不公开")


class ProjectReport(Model):
    """项目支出绩效自评报告（units/<unit-id>/<year>/projects/<slug>.yaml）。"""

    slug: str = Field(title="项目标识", description="与文件名相同的英文标识，例如 shebao-jijin-zhengjiao")
    name: str = Field(title="项目名称")
    cover: Cover = Field(title="封面")
    project_unit: Text = F("项目单位")
    department: Text = F("主管部门")
    implementing_unit: Text = F("实施单位")
    leader: Leader | None = F("项目负责人")
    address: Text = F("项目地址")
    postcode: Code | None = F("邮编", "加引号")
    period: Text = F("项目起止时间", "原样照录，例如 2021年1月起至2021年12月止")
    funds: ProjectFunds | None = F("项目资金", "计划安排 / 实际到位 / 实际支出 / 结余，分中央、省、市、县市区、其它")
    budget_execution: BudgetExecution | None = F("项目资金执行情况", "年初预算数 / 全年预算数 / 全年执行数 形式的表")
    expenditure_lines: ExpenditureLines | None = F("项目支出明细")
    goals_title: Text = F("目标栏名称", "原表对定性目标一栏的称呼，例如 年度总体目标")
    goals: list[Goal] = Field(default_factory=list, title="定性目标及完成情况")
    indicators: IndicatorTable | None = F("绩效指标")
    score: Score | None = F("得分和等次")
    conclusion: Text = F("评价结论", "四川表“评价结论”一栏，原样照录")
    problems: Text = F("存在问题", "四川表“存在问题”一栏，原样照录")
    improvements: Text = F("改进措施", "四川表“改进措施”一栏，原样照录")
    evaluators: list[Evaluator] = Field(default_factory=list, title="评价人员")
    opinions: list[Opinion] = Field(default_factory=list, title="意见栏")
    filled_by: FilledBy | None = F("填报人", "个人信息：不公开")
    stated_figures: list[StatedFigure] = Field(default_factory=list, title="文中数据")
    remarks: Text = F("备注", "表下的备注文字")
    public_numbers: list[PublicNumber] = Field(
        default_factory=list, title=PUBLIC_NUMBERS_TITLE, description=PUBLIC_NUMBERS_HELP
    )


# ---------------------------------------------------------------- report.yaml


class Report(Model):
    """部门（单位）整体支出绩效自评报告（units/<unit-id>/<year>/report.yaml）。"""

    unit: str = Field(title="单位标识", description="须与所在文件夹一致")
    year: int = Field(title="年度", description="评价的财政年度，须与所在文件夹一致")
    cover: Cover = Field(title="封面")
    contact: Contact | None = F("联系人")
    staffing: Staffing | None = F("人员情况")
    functions: Text = F("职能职责概述")
    main_work: Text = F("年度主要工作内容")
    achievements: Text = F("年度总体运行情况及取得的成绩")
    basic_data: BasicData | None = F("基础数据表")
    budget_execution: BudgetExecution | None = F("年度预算执行情况", "年初预算数 / 全年预算数 / 全年执行数 形式的表")
    income: IncomeTable | None = F("年度收入情况")
    expenditure: ExpenditureTable | None = F("年度支出和结余情况")
    economic_classification: EconomicTable | None = F(
        "支出按经济分类",
        "工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出，照原文所印；不要换算成人员支出、公用支出",
    )
    project_lines: ProjectLines | None = F("项目支出明细（分项目）", "报告中逐个列出的项目的预算、支出和结余")
    official_costs: OfficialCosts | None = F("三公经费")
    fixed_assets: FixedAssetsTable | None = F("固定资产")
    opening_closing: OpeningClosingTable | None = F("年初数与期末数", "固定资产、资产总额等的 年初数 / 期末数")
    goals_title: Text = F("目标栏名称", "原表对定性目标一栏的称呼，例如 年度总体目标")
    goals: list[Goal] = Field(default_factory=list, title="定性目标及完成情况")
    indicators: IndicatorTable | None = F("绩效指标")
    score: Score | None = F("得分和等次")
    evaluators: list[Evaluator] = Field(default_factory=list, title="评价人员")
    opinions: list[Opinion] = Field(default_factory=list, title="意见栏")
    filled_by: FilledBy | None = F("填报人", "个人信息：不公开")
    stated_figures: list[StatedFigure] = Field(default_factory=list, title="文中数据")
    remarks: Text = F("备注", "表下的说明文字")
    public_numbers: list[PublicNumber] = Field(
        default_factory=list, title=PUBLIC_NUMBERS_TITLE, description=PUBLIC_NUMBERS_HELP
    )


PERSONAL_FIELDS: frozenset[str] = frozenset(
    {"contact.phone", "leader.phone", "evaluators[].signature", "opinions[].signatory", "filled_by"}
)
"""Fields personal by definition: never in the public model (``filled_by``: the whole block)."""

REMOVAL_KINDS: dict[str, str] = {"phone": "电话", "signature": "签名", "email": "电子邮件", "personal": "个人信息字段"}
"""What redaction removes, by kind, as ``redact``, ``history`` and the pull-request summary name it."""


def is_personal_field(loc: tuple[str | int, ...]) -> bool:
    """Whether the field at ``loc`` (``("evaluators", 0, "signature")``) is in :data:`PERSONAL_FIELDS`, or inside one."""
    path = ""
    for part in loc:
        path += "[]" if isinstance(part, int) else (f".{part}" if path else part)
        if path in PERSONAL_FIELDS:
            return True
    return False
