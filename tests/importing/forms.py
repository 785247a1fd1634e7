"""The three forms a unit's files follow, filled in with figures from the real reports, marked 【测试数据】.

* :func:`hunan` — the Hunan 部门（单位）整体支出绩效评价自评报告 (form + 文字部分), figures of 湘阴县人社局 2021
  (tests/seeds/000_…): the income, expenditure, 三公 and fixed-asset tables in 万元, the quantitative indicators,
  score 97 / 优, evaluators, the 文字部分 with its own figures (项目支出 46161.6 in the text against 46161.7 in the
  table, as printed).
* :func:`national` — the Ministry of Finance 项目支出绩效自评表 as 君山区 prints it (tests/seeds/001_…, its
  社保基金督查专项经费), with figures changed so that no two columns hold the same number.
* :func:`sichuan` — Sichuan's 项目支出绩效自评表 in 元, with the project-expenditure figures of 盐边县人社局 2020
  (tests/seeds/003_…): 指标性质 and 度量单位 columns, 评价结论 / 存在问题 / 改进措施.

Each form also plants personal data a draft may hold only in a personal field: a phone in the contact row or the
foot of the form (one in full-width digits), and a 填报人（签名） name.  :class:`Planted` lists what a draft must
hold and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importing.document import Cell, Doc, Para, Table, cell, money, rate

MARK = "【测试数据】"


@dataclass
class Expect:
    """``value`` must be found in the draft's ``file`` (``report`` or ``project``) at ``path``.

    A path step is a key, a list index, or ``{"field": "text"}``: the first list item whose ``field`` contains
    ``text``.  ``value`` compares as a number when both sides read as one (``48,929.9`` = ``48929.90``), else as
    text with spaces ignored; ``contains=True`` asks only that the draft's text contain it.
    """

    file: str
    path: tuple[object, ...]
    value: str
    contains: bool = False


@dataclass
class Planted:
    doc: Doc
    project: str | None  # the project name, for a project form
    expect: list[Expect]
    phones: list[str]  # as printed: in no public field
    found_phones: list[str]  # of those, the ones the draft must hold in a personal field
    signers: list[str]  # 填报人（签名） names: personal
    narrative: list[str] = field(default_factory=list)  # paragraphs of the 文字部分, verbatim


def c(text: str, cs: int = 1, rs: int = 1) -> Cell:
    return cell(text, cs, rs)


# ---------------------------------------------------------------- Hunan department form (湘阴 2021)

HUNAN_NARRATIVE = [
    "一、部门职能职责概述",
    "主要承担促进就业、社会保障、人事管理、人才服务、收入分配管理、劳动关系调处、全县绩效评估和为民办实事综合考核工作。",
    "二、部门组织机构及人员情况",
    "我局内设股室11个，编制164人，实有在职人员164人。{year}年，我局整体支出规模达48929.9万元，其中单位基本支出2768.2万元，"
    "项目支出46161.6万元。",
    "三、部门整体支出绩效情况",
    "1、基本支出。总额2768.2万元，主要用于工资福利支出1726.1万元、一般商品和服务支出234.37万元。",
    "2、三公经费。{year}年全年发生三公经费8.9万元，全部为公务接待费，较上年减少1.2万元。",
    "四、存在的主要问题",
    "部分项目绩效目标设置不够细化，量化指标偏少。",
    "五、改进措施",
    "进一步细化绩效目标，加强绩效运行监控，做好评价结果应用。",
]


def hunan(year: int = 2021, unit_name: str = f"{MARK}湘阴县人力资源和社会保障局") -> Planted:
    phone, signer_phone, signer = "0730-5558123", "１３９０７３０５５６６", "龚晓岚"
    narrative = [p.format(year=year) for p in HUNAN_NARRATIVE]
    overview = Table(
        None,
        [
            [c("一、部门（单位）基本概况", 4)],
            [c("联系人"), c("罗晓梅"), c("联络电话"), c(phone)],
            [c("人员编制"), c("164人"), c("实有人数"), c("164人")],
            [c("职能职责概述"), c(narrative[1], 3)],
            [
                c("年度主要\n工作内容"),
                c(
                    "1：负责全县四大保险基金的征缴及发放工作。\n2：负责促进就业，通过开发公益性岗位、社保补贴、职业培训等措施重点帮扶就业对象。",
                    3,
                ),
            ],
            [
                c("年度部门（单位）总体运行情况及取得的成绩"),
                c("新增城镇就业4915人，完成目标任务4900人的100%；失业人员再就业3008人，完成目标任务3000人的100%。", 3),
            ],
        ],
        "基本概况",
    )
    income = Table(
        "年度收入情况（万元）",
        [
            [c("机构名称", 1, 2), c("收入合计", 1, 2), c("其中：", 5)],
            [c("上年结转"), c("公共财政拨款"), c("政府基金拨款"), c("纳入专户管理的非税收入拨款"), c("其他收入")],
            [c("局机关及二级机构汇总"), money("48,929.9"), c(""), money("48,929.9"), c(""), c(""), c("")],
            [c("")] * 7,
        ],
        "收入",
    )
    expenditure = Table(
        "部门（单位）年度支出和结余情况（万元）",
        [
            [c("机构名称", 1, 3), c("支出合计", 1, 3), c("其中：", 4), c("结余", 2)],
            [c("基本支出", 1, 2), c("其中：", 2), c("项目支出", 1, 2), c("当年结余", 1, 2), c("累计结余", 1, 2)],
            [c("人员支出"), c("公用支出")],
            [
                c("局机关及二级机构汇总"),
                money("48,929.9"),
                money("2,768.2"),
                money("1,726.1"),
                money("1,042.1"),
                money("46,161.7"),
                c(""),
                c(""),
            ],
            [c("")] * 8,
        ],
        "支出",
    )
    official = Table(
        "“三公”经费支出情况（万元）",
        [
            [c("机构名称", 1, 2), c("三公经费\n合计", 1, 2), c("其中：", 4)],
            [c("公务接待费"), c("公务用车运维费"), c("公务用车购置费"), c("因公出国费")],
            [c("局机关及二级机构汇总"), money("8.9"), money("8.9"), c("0"), c("0"), c("0")],
            [c("1、局机关"), money("8.9"), money("8.9"), c("0"), c("0"), c("0")],
            [c("2、二级机构"), c(""), c(""), c(""), c(""), c("")],
        ],
        "三公经费",
    )
    assets = Table(
        "固定资产情况（万元）",
        [
            [c("机构名称", 1, 2), c("固定资产\n合计", 1, 2), c("其中：", 2), c("其他", 1, 2)],
            [c("在用固定资产"), c("出租固定资产")],
            [c("局机关及二级机构汇总"), money("5,211.52"), money("5,211.52"), c(""), c("")],
            [c("1、局机关"), money("5,211.52"), money("5,211.52"), c(""), c("")],
        ],
        "固定资产",
    )
    evaluation = Table(
        "三、部门（单位）整体支出绩效自评情况",
        [
            [c("整体支出绩效定性目标及实施计划完成情况", 1, 2), c("预期目标", 2), c("实际完成", 2)],
            [
                c("1：全面完成四大保险基金的征缴及发放工作。\n2：负责就业创业，重点帮扶就业对象。", 2),
                c("实现新增城镇就业4915人，完成目标任务4900人的100%。", 2),
            ],
            [c("整体支出\n绩效定量目标及实施计划完成情况", 1, 9), c("评价内容", 2), c("绩效目标"), c("完成情况")],
            [c("产出目标\n（部门工作实绩）", 1, 4), c("质量指标"), c("完成四大保险基金征缴48241万元，"), c("120%")],
            [c("数量指标"), c("养老保险基金收缴41981万元。\n工伤保险基金收缴2215万元。"), c("100%")],
            [c("时效指标"), c(f"{year}年1-12月"), c(f"{year}年1-12月")],
            [c("成本指标"), c("四类基金征缴经费50万元"), c("50万元")],
            [c("效益目标\n（预期实现的效益）", 1, 4), c("社会效益"), c("就业服务水平稳步提升。"), c("知晓率99%")],
            [c("经济效益"), c("劳动权益得到有力维护"), c("100%")],
            [c("生态效益"), c(""), c("")],
            [c("社会公众或服务对象满意度"), c("社会公众对人社部门的各项工作比较满意。"), c("98.6%")],
            [c("绩效自评综合得分", 2), c("97分", 3)],
            [c("评价等次", 2), c("优", 3)],
        ],
        "自评",
    )
    evaluators = Table(
        "四、评价人员",
        [
            [c("姓  名"), c("职务/职称"), c("单  位"), c("签  字")],
            [c("王剑"), c("局长"), c("湘阴县人社局"), c("")],
            [c("刘伟"), c("副局长"), c("湘阴县人社局"), c("")],
            [c("评价组组长（签字）：\n                    年    月    日", 4)],
            [c("部门（单位）意见：\n        部门（单位）负责人（签章）：\n                    年    月    日", 4)],
        ],
        "评价人员",
    )
    doc = Doc(
        f"{MARK}湘阴县{year}年度部门（单位）整体支出绩效评价自评报告",
        [
            Para(f"{MARK}湘阴县{year}年度部门（单位）整体支出\n绩效评价自评报告", "title"),
            Para(f"部门(单位)名称　{unit_name}\n预算编码　　301001", "body"),
            Para(
                f"评价方式：部门（单位）绩效自评\n评价机构：部门（单位）评价组\n报告日期：{year + 1}年3月30日", "body"
            ),
            Para("湘阴县财政局（制）", "body"),
            overview,
            income,
            expenditure,
            official,
            assets,
            evaluation,
            evaluators,
            Para(f"填报人（签名）：{signer}　　　　　　　　联系电话：{signer_phone}", "foot"),
            Para("整体支出绩效评价自评报告", "title"),
            *[Para(p, "heading" if p[1] == "、" and len(p) < 20 else "body") for p in narrative],
        ],
    )
    summary = {"institution": "汇总"}
    expect = [
        Expect("report", ("income", "money_unit"), "万元"),
        Expect("report", ("income", "rows", summary, "total"), "48929.9"),
        Expect("report", ("income", "rows", summary, "public_finance"), "48929.9"),
        Expect("report", ("expenditure", "money_unit"), "万元"),
        Expect("report", ("expenditure", "rows", summary, "total"), "48929.9"),
        Expect("report", ("expenditure", "rows", summary, "basic"), "2768.2"),
        Expect("report", ("expenditure", "rows", summary, "personnel"), "1726.1"),
        Expect("report", ("expenditure", "rows", summary, "public"), "1042.1"),
        Expect("report", ("expenditure", "rows", summary, "project"), "46161.7"),
        Expect("report", ("official_costs", "money_unit"), "万元"),
        Expect("report", ("official_costs", "rows", summary, "total"), "8.9"),
        Expect("report", ("official_costs", "rows", summary, "reception"), "8.9"),
        Expect("report", ("fixed_assets", "money_unit"), "万元"),
        Expect("report", ("fixed_assets", "rows", summary, "total"), "5211.52"),
        Expect("report", ("fixed_assets", "rows", summary, "in_use"), "5211.52"),
        Expect("report", ("staffing", "authorized"), "164"),
        Expect("report", ("staffing", "actual"), "164"),
        Expect("report", ("cover", "budget_code"), "301001"),
        Expect("report", ("contact", "name"), "罗晓梅"),
        Expect("report", ("indicators", "rows", {"level2": "质量指标"}, "actual"), "120%"),
        Expect("report", ("indicators", "rows", {"level2": "满意度"}, "actual"), "98.6%"),
        Expect("report", ("score", "total"), "97"),
        Expect("report", ("score", "grade"), "优"),
        Expect("report", ("evaluators", {"name": "王剑"}, "title"), "局长"),
    ]
    return Planted(doc, None, expect, [phone, signer_phone], [phone, signer_phone], [signer], narrative)


# ---------------------------------------------------------------- national project form (君山 2023)

NATIONAL_PROJECT = "社保基金督查专项经费"


def national(year: int = 2023) -> Planted:
    phone, signer = "0730-5558124", "詹丽萍"
    department = f"{MARK}岳阳市君山区人力资源和社会保障局"
    indicator_rows: list[list[Cell]] = [
        [
            c("产出指标\n（50分）", 1, 4),
            c("数量指标", 1, 2),
            c("人社协理员培训"),
            c("按计划执行培训"),
            c("已培训236人次"),
            c("15"),
            c("15"),
            c(""),
        ],
        [c("专项检查次数"), c("≥4次"), c("6次"), c("10"), c("10"), c("")],
        [c("质量指标"), c("社保基金安全完整率"), c("100%"), c("100%"), c("15"), c("15"), c("")],
        [c("时效指标"), c("检查完成时间"), c(f"{year}年12月底前"), c(f"{year}年11月"), c("10"), c("10"), c("")],
        [
            c("效益指标\n（30分）", 1, 2),
            c("社会效益指标"),
            c("基金安全意识"),
            c("明显提升"),
            c("有效提升"),
            c("15"),
            c("14"),
            c("宣传覆盖面不足，下年度扩大宣传范围"),
        ],
        [c("可持续影响指标"), c("基金监管长效机制"), c("建立"), c("已建立"), c("15"), c("15"), c("")],
        [
            c("满意度指标\n（10分）"),
            c("服务对象满意度指标"),
            c("参保群众满意度"),
            c("≥90%"),
            c("93.6%"),
            c("10"),
            c("10"),
            c(""),
        ],
    ]
    form = Table(
        f"（{year}年度）",
        [
            [c("项目名称", 2), c(NATIONAL_PROJECT, 7)],
            [c("主管部门", 2), c(department, 3), c("实施单位", 2), c(department, 2)],
            [
                c("项目资金\n（万元）", 1, 6),
                c("", 1, 2),
                c("预算数", 2),
                c("全年\n执行数", 1, 2),
                c("分值", 1, 2),
                c("执行率", 1, 2),
                c("得分", 1, 2),
                c("", 1, 2),
            ],
            [c("年初预算数"), c("全年预算数")],
            [
                c("年度资金总额"),
                money("100"),
                money("128.6"),
                money("126.35"),
                c("10"),
                rate("98.25%"),
                c("9.83"),
                c(""),
            ],
            [c("其中：本年财政拨款"), money("100"), money("128.6"), money("126.35"), c("—"), c("—"), c("—"), c("")],
            [c("上年结转资金"), c(""), c(""), c(""), c("—"), c("—"), c("—"), c("")],
            [c("其他资金"), c(""), c(""), c(""), c("—"), c("—"), c("—"), c("")],
            [c("年度总体目标", 1, 2), c("预期目标", 4), c("实际完成情况", 4)],
            [
                c(
                    "加强综合监管、行政监管，健全专项检查、交叉检查、飞行检查制度，开展多方面多形式的联合检查，形成监管合力",
                    4,
                ),
                c("健全了各项检查制度，开展了联合检查，并开展了社保基金安全法治教育", 4),
            ],
            [
                c("绩\n效\n指\n标", 1, 1 + len(indicator_rows)),
                c("一级指标"),
                c("二级指标"),
                c("三级指标"),
                c("年度\n指标值"),
                c("实际\n完成值"),
                c("分值"),
                c("得分"),
                c("偏差原因分析及改进措施"),
            ],
            *indicator_rows,
            [c("总分", 6), c("100"), c("98.83"), c("")],
        ],
        "项目支出绩效自评表",
    )
    doc = Doc(
        f"{year}年度项目支出绩效自评表",
        [
            Para(f"{MARK}{year}年度项目支出绩效自评表", "title"),
            form,
            Para(f"填报人（签名）：{signer}　　　联系电话：{phone}　　　填报日期：{year + 1}年1月18日", "foot"),
        ],
    )
    project = {"item": "年度资金总额"}
    expect = [
        Expect("project", ("name",), NATIONAL_PROJECT),
        Expect("project", ("budget_execution", "money_unit"), "万元"),
        Expect("project", ("budget_execution", "rows", project, "initial_budget"), "100"),
        Expect("project", ("budget_execution", "rows", project, "full_year_budget"), "128.6"),
        Expect("project", ("budget_execution", "rows", project, "executed"), "126.35"),
        Expect("project", ("budget_execution", "rows", project, "weight"), "10"),
        Expect("project", ("budget_execution", "rows", project, "execution_rate"), "98.25%"),
        Expect("project", ("budget_execution", "rows", project, "score"), "9.83"),
        Expect("project", ("indicators", "rows", {"level3": "人社协理员培训"}, "actual"), "已培训236人次"),
        Expect("project", ("indicators", "rows", {"level3": "人社协理员培训"}, "level2"), "数量指标"),
        Expect("project", ("indicators", "rows", {"level3": "专项检查次数"}, "level2"), "数量指标"),
        Expect("project", ("indicators", "rows", {"level3": "专项检查次数"}, "level1"), "产出指标", contains=True),
        Expect("project", ("indicators", "rows", {"level3": "基金安全意识"}, "score"), "14"),
        Expect("project", ("indicators", "rows", {"level3": "基金安全意识"}, "deviation"), "宣传覆盖面不足", True),
        Expect("project", ("indicators", "rows", {"level3": "参保群众满意度"}, "actual"), "93.6%"),
        Expect("project", ("indicators", "rows", {"level3": "参保群众满意度"}, "target"), "≥90%"),
        Expect("project", ("indicators", "total_weight"), "100"),
        Expect("project", ("score", "total"), "98.83"),
    ]
    return Planted(doc, NATIONAL_PROJECT, expect, [phone], [phone], [signer])


# ---------------------------------------------------------------- Sichuan's form (盐边 2020, 元)

SICHUAN_PROJECT = "金保网网络运行经费等财政拨款项目"


def sichuan(year: int = 2020) -> Planted:
    phone, mobile, signer = "0812-5558125", "139 0812 5566", "蒲春燕"
    department = f"{MARK}盐边县人力资源和社会保障局"
    money_row = [money("2,567,088.77"), money("7,851,828.47"), money("7,851,828.47")]
    indicators: list[list[Cell]] = [
        [
            c("产出指标", 1, 3),
            c("数量指标"),
            c("下达项目个数"),
            c("≥"),
            c("18"),
            c("个"),
            c("18"),
            c("20"),
            c("20"),
            c(""),
        ],
        [c("质量指标"), c("资金使用合规率"), c("＝"), c("100"), c("%"), c("100"), c("15"), c("15"), c("")],
        [c("时效指标"), c("资金支付及时率"), c("≥"), c("95"), c("%"), c("96.5"), c("15"), c("15"), c("")],
        [
            c("效益指标", 1, 2),
            c("社会效益指标"),
            c("城乡居民养老保险参保人数"),
            c("≥"),
            c("110000"),
            c("人"),
            c("112436"),
            c("20"),
            c("20"),
            c(""),
        ],
        [c("可持续影响指标"), c("就业保障长效机制"), c("定性"), c("健全"), c(""), c("健全"), c("10"), c("10"), c("")],
        [
            c("满意度指标"),
            c("服务对象满意度指标"),
            c("服务对象满意度"),
            c("≥"),
            c("90"),
            c("%"),
            c("88"),
            c("10"),
            c("8"),
            c("线上办理渠道宣传不足"),
        ],
    ]
    form = Table(
        "（单位：元）",
        [
            [c("项目名称", 2), c(SICHUAN_PROJECT, 9)],
            [c("主管部门", 2), c(department, 4), c("实施单位", 2), c(department, 3)],
            [
                c("项目资金\n（元）", 1, 7),
                c("", 2, 2),
                c("预算数", 2),
                c("预算执行数", 1, 2),
                c("预算执行率", 1, 2),
                c("权重", 1, 2),
                c("得分", 1, 2),
                c("原因", 2, 2),
            ],
            [c("年初预算"), c("调整后预算数")],
            [c("年度资金总额", 2), *money_row, c("100%"), c("10"), c("10"), c("", 2)],
            [c("财政资金", 2), *money_row, c(""), c(""), c(""), c("", 2)],
            [c("财政专户管理资金", 2), c(""), c(""), c(""), c(""), c(""), c(""), c("", 2)],
            [c("单位资金", 2), c(""), c(""), c(""), c(""), c(""), c(""), c("", 2)],
            [c("其他资金", 2), c(""), c(""), c(""), c(""), c(""), c(""), c("", 2)],
            [c("年度总体目标", 1, 2), c("预期目标", 5), c("实际完成情况", 5)],
            [
                c("保障金保网络安全稳定运行，按时完成县财政下达的18个项目。", 5),
                c("18个项目全部完成，资金支付及时。", 5),
            ],
            [
                c("绩效指标", 1, 1 + len(indicators)),
                c("一级指标"),
                c("二级指标"),
                c("三级指标"),
                c("指标性质"),
                c("指标值"),
                c("度量单位"),
                c("实际完成值"),
                c("权重"),
                c("得分"),
                c("未完成原因分析"),
            ],
            *indicators,
            [c("总分", 8), c("100"), c("98"), c("")],
            [c("评价结论", 2), c("项目总体完成年度绩效目标，自评等级为优。", 9)],
            [c("存在问题", 2), c("绩效目标均为定性的文字描述，缺乏量化的指标。", 9)],
            [c("改进措施", 2), c("细化量化绩效指标，加强线上办理渠道宣传。", 9)],
        ],
        "四川自评表",
    )
    doc = Doc(
        f"{year}年度项目支出绩效自评表",
        [
            Para(f"{MARK}项目支出绩效自评表\n（{year}年度）", "title"),
            form,
            Para(f"项目负责人（签字）：　　　　　财务负责人（签字）：　　　　　填报人（签名）：{signer}", "foot"),
            Para(f"联系电话：{phone}　　手机：{mobile}　　填报日期：{year + 1}年2月26日", "foot"),
        ],
    )
    project = {"item": "年度资金总额"}
    expect = [
        Expect("project", ("name",), SICHUAN_PROJECT),
        Expect("project", ("budget_execution", "money_unit"), "元"),
        Expect("project", ("budget_execution", "rows", project, "initial_budget"), "2567088.77"),
        Expect("project", ("budget_execution", "rows", project, "full_year_budget"), "7851828.47"),
        Expect("project", ("budget_execution", "rows", project, "executed"), "7851828.47"),
        Expect("project", ("budget_execution", "rows", project, "execution_rate"), "100%"),
        Expect("project", ("budget_execution", "rows", project, "weight"), "10"),
        Expect("project", ("budget_execution", "rows", {"item": "财政资金"}, "executed"), "7851828.47"),
        Expect("project", ("indicators", "rows", {"level3": "下达项目个数"}, "nature"), "≥"),
        Expect("project", ("indicators", "rows", {"level3": "下达项目个数"}, "target"), "18"),
        Expect("project", ("indicators", "rows", {"level3": "下达项目个数"}, "measure_unit"), "个"),
        Expect("project", ("indicators", "rows", {"level3": "资金支付及时率"}, "actual"), "96.5"),
        Expect("project", ("indicators", "rows", {"level3": "城乡居民养老保险参保人数"}, "actual"), "112436"),
        Expect("project", ("indicators", "rows", {"level3": "城乡居民养老保险参保人数"}, "level1"), "效益指标"),
        Expect("project", ("indicators", "rows", {"level3": "服务对象满意度"}, "score"), "8"),
        Expect("project", ("indicators", "rows", {"level3": "服务对象满意度"}, "deviation"), "线上办理渠道宣传不足"),
        Expect("project", ("score", "total"), "98"),
        Expect("project", ("conclusion",), "项目总体完成年度绩效目标，自评等级为优。"),
        Expect("project", ("problems",), "缺乏量化的指标", contains=True),
        Expect("project", ("improvements",), "细化量化绩效指标", contains=True),
    ]
    return Planted(doc, SICHUAN_PROJECT, expect, [phone, mobile], [phone], [signer])


FORMS = {"hunan": hunan, "national": national, "sichuan": sichuan}
YEARS = {"hunan": 2021, "national": 2023, "sichuan": 2020}
