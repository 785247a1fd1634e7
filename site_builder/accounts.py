"""The financial tables a report prints, as models: 收支, 三公经费, 资产, 经济分类, 项目支出, 年初年末, 预算执行.

Takes nothing; gives the models of the tables of :class:`site_builder.schema.Report` and
:class:`site_builder.schema.ProjectReport` that hold figures: each row's fields with their printed Chinese titles,
each table with its ``money_unit`` (元 / 万元 / 亿元), and the form's own column titles where they differ
(``labels``).  Built from the field types of :mod:`site_builder.fieldtypes`.
"""

from __future__ import annotations

from pydantic import Field

from site_builder.fieldtypes import Amount, F, Model, MoneyUnit, Text, printed_labels


class IncomeRow(Model):
    institution: str = Field(title="机构名称", description="原样照录，例如 局机关及二级机构汇总、1、局机关")
    total: Amount = F("收入合计")
    carried_over: Amount = F("上年结转")
    public_finance: Amount = F("公共财政拨款")
    government_fund: Amount = F("政府基金拨款")
    special_account: Amount = F("纳入专户管理的非税收入拨款")
    other: Amount = F("其他收入")


class ExpenditureRow(Model):
    institution: str = Field(title="机构名称")
    total: Amount = F("支出合计", "= 基本支出 + 项目支出")
    basic: Amount = F("基本支出", "= 人员支出 + 公用支出")
    personnel: Amount = F("人员支出")
    public: Amount = F("公用支出")
    project: Amount = F("项目支出")
    balance_year: Amount = F("当年结余")
    balance_cumulative: Amount = F("累计结余")


class OfficialCostFigures(Model):
    total: Amount = F("三公经费合计", "= 公务接待费 + 公务用车运维费 + 公务用车购置费 + 因公出国费")
    reception: Amount = F("公务接待费")
    vehicle_operation: Amount = F("公务用车运维费")
    vehicle_purchase: Amount = F("公务用车购置费")
    vehicle_total: Amount = F("公务用车购置及运行费", "报告单列“公务用车购置及运行费”合计时填写")
    overseas_travel: Amount = F("因公出国（境）费")


class OfficialCostsRow(OfficialCostFigures):
    institution: str = Field(title="机构名称")


class PriorYearOfficialCosts(OfficialCostFigures):
    year: int = Field(title="年度", description="这些数字所属的年度（通常为上一年）")
    label: str = Field(title="来源说明", description="报告中的列名，例如 上年支出")


class OfficialCosts(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "数据不是来自表格时说明出处，例如 据文字部分“三公”经费同比表")
    rows: list[OfficialCostsRow] = Field(default_factory=list, title="各机构三公经费")
    budget: OfficialCostFigures | None = F("年初预算数", "报告给出的“三公”经费年初预算")
    prior_year: PriorYearOfficialCosts | None = F("上年数", "报告中印出的上一年度数字")


class IncomeTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[IncomeRow] = Field(default_factory=list, title="各机构收入")


class ExpenditureTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[ExpenditureRow] = Field(default_factory=list, title="各机构支出和结余")


class FixedAssetsRow(Model):
    institution: str = Field(title="机构名称")
    total: Amount = F("固定资产合计", "= 在用 + 出租 + 其他")
    in_use: Amount = F("在用固定资产")
    leased: Amount = F("出租固定资产")
    other: Amount = F("其他")


class FixedAssetsTable(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明")
    rows: list[FixedAssetsRow] = Field(default_factory=list, title="各机构固定资产")


class EconomicRow(Model):
    institution: Text = F("机构名称", "按机构分列时填写，例如 局机关；只有一组数字可不写")
    scope: Text = F("支出范围", "这组数字所分类的支出，原样照录，例如 基本支出、项目支出；不写即为基本支出")
    total: Amount = F("合计", "这组支出的合计（例如 基本支出 2768.2），= 下列各类之和")
    wages: Amount = F("工资福利支出")
    goods_services: Amount = F("商品和服务支出")
    household_subsidies: Amount = F("对个人和家庭的补助")
    capital: Amount = F("资本性支出")
    other: Amount = F("其他支出", "原文另列的其他经济分类（例如 对企业补助）的合计；名称写在 note")
    note: Text = F("说明", "例如 其他支出为“对企业补助”")


class EconomicTable(Model):
    """支出按经济分类（工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 四、1、基本支出")
    rows: list[EconomicRow] = Field(default_factory=list, title="按经济分类")


class ProjectLine(Model):
    name: str = Field(title="项目名称", description="原样照录，例如 社保基金征缴经费；合计行写 合计")
    slug: Text = F(
        "项目报告标识", "本年度有这个项目的项目支出绩效自评报告（projects/<项目标识>.yaml）时填写，页面会链接过去"
    )
    initial_budget: Amount = F("年初预算数")
    full_year_budget: Amount = F("全年预算数", "也叫 调整后预算数")
    budget: Amount = F(
        "预算数（未注明年初或全年）", "原文只写“预算”而没有说明是年初预算还是全年（调整后）预算时填这里，不要猜"
    )
    spent: Amount = F("实际支出", "也叫 全年执行数、支出数")
    balance: Amount = F(
        "结余", "= 预算数 − 实际支出；印了别的单位（如万元表中的“结余0.19元”）写成 {value: 0.19, unit: 元}"
    )
    execution_rate: Text = F("执行率", "原样照录，例如 100%")
    note: Text = F("说明", "原文对这个项目的说明，例如 结余原因")


class ProjectLines(Model):
    """部门（单位）报告中列出的各个项目的预算、支出和结余（不是单独的项目自评报告）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 二、（二）专项支出")
    rows: list[ProjectLine] = Field(default_factory=list, title="各项目")


class OpeningClosingRow(Model):
    item: str = Field(title="项目", description="原样照录，例如 固定资产、资产总额、负债总额、车辆")
    opening: Amount = F("年初数")
    closing: Amount = F("期末数", "也叫 年末数")
    note: Text = F("说明", "原文对增减的说明")


class OpeningClosingTable(Model):
    """年初数与期末数（固定资产、资产总额等）。"""

    money_unit: MoneyUnit = Field(title="金额单位")
    source: Text = F("来源说明", "例如 据文字部分 三、资产管理情况")
    rows: list[OpeningClosingRow] = Field(default_factory=list, title="各项目年初数与期末数")


class BudgetExecutionRow(Model):
    item: str = Field(
        title="项目",
        description="原样照录，例如 年度资金总额、其中：本年财政拨款、上年结转资金、其他资金；"
        "四川表为 财政资金、财政专户管理资金、单位资金、其他资金",
    )
    initial_budget: Amount = F("年初预算数", "也叫 年初预算")
    full_year_budget: Amount = F("全年预算数", "也叫 调整后预算数")
    budget: Amount = F(
        "预算数（未注明年初或全年）", "原文只写“预算”而没有说明是年初预算还是全年（调整后）预算时填这里，不要猜"
    )
    executed: Amount = F("全年执行数", "也叫 预算执行数")
    weight: Amount = F("分值", "也叫 权重")
    execution_rate: Text = F("执行率", "也叫 预算执行率；原样照录，例如 100%")
    score: Amount = F("得分")
    reason: Text = F("原因", "四川表“原因”一栏：执行率偏低等的原因，原样照录")


BudgetExecutionLabels = printed_labels(
    "BudgetExecutionLabels",
    BudgetExecutionRow,
    ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score", "reason"),
    "full_year_budget: 调整后预算数",
    __name__,
)


class IncomeBySource(Model):
    general_public_budget: Amount = F("一般公共预算")
    government_fund: Amount = F("政府性基金拨款")
    special_account: Amount = F("纳入专户管理的非税收入拨款")
    other: Amount = F("其他资金")


class ExpenditureByType(Model):
    basic: Amount = F("基本支出")
    project: Amount = F("项目支出")


class BudgetExecution(Model):
    money_unit: MoneyUnit = Field(title="金额单位")
    rows: list[BudgetExecutionRow] = Field(default_factory=list, title="资金执行情况")
    labels: BudgetExecutionLabels | None = F(  # type: ignore[valid-type]
        "原表列名",
        "原表的列名与标准列名不同时填写，例如 四川表 full_year_budget: 调整后预算数、executed: 预算执行数、"
        "weight: 权重；页面按原表列名显示",
    )
    by_income_source: IncomeBySource | None = F("按收入性质分")
    by_expenditure_type: ExpenditureByType | None = F("按支出性质分")
