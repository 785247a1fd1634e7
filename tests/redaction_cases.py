"""Adversarial redaction cases, one class each (issue 21), written before the detectors were changed.

Every number here is made up; none comes from ``units/``.  A case is a piece of report text (a narrative
paragraph, a Markdown table, or a Word table pasted as one cell per line) with

- ``secrets``: substrings that must not be on the public page (a phone's digits, a signature's name, an
  e-mail address — or, for a table, the fragment that ties a name to its signing cell);
- ``keep``: substrings that must stay exactly as written (figures, document numbers, public names, the
  next line after an empty signing line).

Classes whose cases have no ``secrets`` are the figures that must survive (``keep_*``).  The benchmark
``benchmarks/redaction_recall.py`` and ``tests/test_redaction_cases.py`` measure recall (secrets removed)
and precision (kept strings spared) per class, for the redactor and for the leak gate on its own.
A fifth of the cases is kept aside in ``tests/redaction_cases_aside.py`` and only measured at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    cls: str
    text: str
    secrets: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


def c(cls: str, text: str, secrets: tuple[str, ...] | list[str] = (), keep: tuple[str, ...] | list[str] = ()) -> Case:
    return Case(cls, text, tuple(secrets), tuple(keep))


CLASSES: dict[str, str] = {
    "phone_verb": "电话标签后接“为/是”",
    "phone_emphasis": "号码外有 Markdown 强调或代码标记",
    "phone_table_header": "标签只在表头，号码在下方单元格",
    "phone_next_cell": "标签在一格/一行，号码在下一格、下一行或空行之后",
    "phone_name_between": "标签与号码之间隔着姓名（联系人及电话、联系方式）",
    "phone_list": "一个标签后的第二、第三个号码",
    "phone_dots": "以点分隔的号码",
    "phone_line_break": "号码中间断行",
    "phone_spaced": "每位数字之间有空格",
    "phone_chinese_numerals": "以汉字数字书写的号码",
    "phone_traditional": "繁体标签（聯絡電話、聯繫電話、電話）",
    "sig_no_colon": "签名、签字、签章、盖章后无冒号",
    "sig_spaced_mark": "签字标记中间有空格",
    "sig_after_name": "签字标记在姓名之后",
    "sig_signer_next": "填报人、审核人、负责人、评价组成员、签字人，姓名在下一格或下一行",
    "sig_several_names": "一个标签后的多个姓名",
    "sig_table": "表格中签字/签名列或行里的姓名",
    "email": "电子邮件地址（含 QQ 邮箱）",
    "keep_money_table": "表头给出金额单位（金额（元））的 11 位金额",
    "keep_unit_wrap": "金额单位折到下一行",
    "keep_call_counts": "电话之后的次数（接听咨询电话 3000 通）",
    "keep_doc_numbers": "文号、报告编号",
    "keep_codes": "预算编码、项目编码、索引号",
    "keep_dates": "日期和时间",
    "keep_hotlines": "12345、12333 等公共热线",
    "keep_empty_signing": "空白签字行后的下一行正文",
    "keep_public_names": "联系人、评价人员、项目负责人的姓名",
}

CASES: list[Case] = [
    # ---------------------------------------------------------------- phones: label + verb
    c("phone_verb", "单位联系人为刘洋，联系电话为13912345601。", ["13912345601"], ["刘洋"]),
    c("phone_verb", "项目负责人电话是 0731-84561234，如有疑问请致电。", ["84561234"]),
    c("phone_verb", "联系电话为：0730－7781234。", ["7781234"]),
    c("phone_verb", "咨询电话是6682345（工作日）。", ["6682345"]),
    # ---------------------------------------------------------------- phones: emphasis / code
    c("phone_emphasis", "联系电话：**13912345602**", ["13912345602"]),
    c("phone_emphasis", "联系电话：`0731-84561235`", ["84561235"]),
    c("phone_emphasis", "电话：*6623457*（办公室）", ["6623457"]),
    c("phone_emphasis", "**联系电话**：__13712345603__", ["13712345603"]),
    # ---------------------------------------------------------------- phones: label only in the header
    c(
        "phone_table_header",
        "| 姓名 | 职务 | 联系电话 |\n|---|---|---|\n| 刘洋 | 科长 | 13512340001 |\n| 周敏 | 科员 | 6634567 |",
        ["13512340001", "6634567"],
        ["刘洋", "周敏"],
    ),
    c(
        "phone_table_header",
        "| 单位 | 联系人 | 电话 |\n| --- | --- | --- |\n| 就业服务中心 | 黄磊 | 0730-5567890 |",
        ["5567890"],
        ["黄磊", "就业服务中心"],
    ),
    c(
        "phone_table_header",
        "\t联系人\n\t联系电话\n\t邮政编码\n\t唐静\n\t7712345\n\t414600",
        ["7712345"],
        ["唐静", "414600"],
    ),
    # ---------------------------------------------------------------- phones: next cell / line / blank line
    c("phone_next_cell", "| 联系电话 | 6645678 |", ["6645678"]),
    c("phone_next_cell", "| 联系人 | 彭涛 | 联系电话 | 8812345 |", ["8812345"], ["彭涛"]),
    c("phone_next_cell", "联系电话：\n7723456", ["7723456"]),
    c("phone_next_cell", "\t联系电话\n\t6656789", ["6656789"]),
    c("phone_next_cell", "联系电话\n\n13812345604", ["13812345604"]),
    c("phone_next_cell", "\t聯絡電話\n\t5534567", ["5534567"]),
    # ---------------------------------------------------------------- phones: a name between
    c("phone_name_between", "联系人及电话：邓超 13312345605", ["13312345605"], ["邓超"]),
    c("phone_name_between", "联系方式：邹平，0730-3345678", ["3345678"], ["邹平"]),
    c("phone_name_between", "联系人及联系电话：孟凡 6678901", ["6678901"], ["孟凡"]),
    c("phone_name_between", "| 联系人及电话 | 谢琳 8823456 |", ["8823456"], ["谢琳"]),
    # ---------------------------------------------------------------- phones: second and third numbers
    c("phone_list", "联系电话：13812345606、13812345607、0730-7654321", ["13812345606", "13812345607", "7654321"]),
    c("phone_list", "电话：6612345，6612346，6612347", ["6612345", "6612346", "6612347"]),
    c("phone_list", "联系电话：0730-2233445/13912345608", ["2233445", "13912345608"]),
    c("phone_list", "联系电话：6623451；传真：6623452", ["6623451", "6623452"]),
    # ---------------------------------------------------------------- phones: dots
    c("phone_dots", "联系电话：138.1234.5609", ["138.1234.5609", "5609"]),
    c("phone_dots", "电话：0730.6678123", ["6678123"]),
    c("phone_dots", "如有疑问请拨打 139.1234.5610 咨询。", ["139.1234.5610"]),
    # ---------------------------------------------------------------- phones: a line break inside
    c("phone_line_break", "联系电话：1381234\n5611", ["1381234"]),
    c("phone_line_break", "联系电话：0730-\n2345612", ["2345612"]),
    c("phone_line_break", "联系人：戴军，联系电话：139123\n45612。", ["139123"], ["戴军"]),
    # ---------------------------------------------------------------- phones: every digit spaced
    c("phone_spaced", "联系电话：1 3 8 1 2 3 4 5 6 1 3", ["1 3 8 1 2 3 4 5 6 1 3"]),
    c("phone_spaced", "电话：0 7 3 0 - 6 6 7 8 1 2 4", ["6 6 7 8 1 2 4"]),
    c("phone_spaced", "手机 1 3 9 1 2 3 4 5 6 1 4，请勿外传。", ["1 3 9 1 2 3 4 5 6 1 4"]),
    # ---------------------------------------------------------------- phones: Chinese numerals
    c("phone_chinese_numerals", "联系电话：一三八一二三四五六一五", ["一三八一二三四五六一五"]),
    c("phone_chinese_numerals", "电话：零七三零—六六七八一二五", ["六六七八一二五"]),
    c("phone_chinese_numerals", "联系电话：幺三九〇〇〇〇一二三六", ["幺三九〇〇〇〇一二三六"]),
    # ---------------------------------------------------------------- phones: traditional-script labels
    c("phone_traditional", "聯絡電話：6687654", ["6687654"]),
    c("phone_traditional", "聯繫電話：13912345616", ["13912345616"]),
    c("phone_traditional", "電話：0730-5556667", ["5556667"]),
    c("phone_traditional", "聯繫人：蔡明　聯繫方式：13812345617", ["13812345617"], ["蔡明"]),
    # ---------------------------------------------------------------- signatures: no colon
    c("sig_no_colon", "填报人签名 方晓丽", ["方晓丽"]),
    c("sig_no_colon", "主要负责人签字 熊国强", ["熊国强"]),
    c("sig_no_colon", "单位负责人签章 韩冬梅", ["韩冬梅"]),
    c("sig_no_colon", "盖章 罗志勇", ["罗志勇"]),
    # ---------------------------------------------------------------- signatures: spaces in the mark
    c("sig_spaced_mark", "填报人（签 名）：方晓丽", ["方晓丽"]),
    c("sig_spaced_mark", "签　字：李大海", ["李大海"]),
    c("sig_spaced_mark", "负责人（签 章）： 陈建国", ["陈建国"]),
    # ---------------------------------------------------------------- signatures: the mark after the name
    c("sig_after_name", "审核人：王小明（签字）", ["王小明"]),
    c("sig_after_name", "评价组组长 李大海 签名", ["李大海"]),
    c("sig_after_name", "周志华（签章）\n2022年3月30日", ["周志华"], ["2022年3月30日"]),
    # ---------------------------------------------------------------- signatures: signer label, name next
    c("sig_signer_next", "填报人：\n张晓燕", ["张晓燕"]),
    c("sig_signer_next", "| 填报人 | 张晓燕 | 审核人 | 李红梅 |", ["张晓燕", "李红梅"]),
    c("sig_signer_next", "审核人\n李红梅", ["李红梅"]),
    c("sig_signer_next", "\t签字人\n\t赵立新", ["赵立新"]),
    c("sig_signer_next", "负责人（签字）：\n孙明辉", ["孙明辉"]),
    c("sig_signer_next", "填报人 钱多多", ["钱多多"]),
    c("sig_signer_next", "填报人:杨光", ["杨光"]),
    # ---------------------------------------------------------------- signatures: several names
    c("sig_several_names", "评价组成员（签字）：王建华、刘芳、陈静", ["王建华", "刘芳", "陈静"]),
    c("sig_several_names", "签字：许强 何丽 吕方", ["许强", "何丽", "吕方"]),
    c("sig_several_names", "评价组成员签名：\n郭涛\n宋佳\n梁宇", ["郭涛", "宋佳", "梁宇"]),
    # ---------------------------------------------------------------- signatures: a column / row of a table
    c(
        "sig_table",
        "| 姓名 | 职务 | 签字 |\n|---|---|---|\n| 王建华 | 组长 | 王建华 |\n| 刘芳 | 成员 | 刘芳 |",
        ["组长 | 王建华", "成员 | 刘芳"],
        ["| 王建华 | 组长", "| 刘芳 | 成员"],
    ),
    c("sig_table", "| 职务 | 签名 |\n|---|---|\n| 组长 | 田野 |\n| 成员 | 石磊 |", ["田野", "石磊"], ["组长", "成员"]),
    c("sig_table", "| 签字 | 何静 | 段宏 | 江涛 |\n|---|---|---|---|", ["何静", "段宏", "江涛"]),
    c(
        "sig_table",
        "| 评价人员 | 职称 | 单位 | 签 字 |\n| --- | --- | --- | --- |\n| 钟华 | 会计师 | 财务股 | 钟华 |",
        ["财务股 | 钟华"],
        ["| 钟华 | 会计师"],
    ),
    # ---------------------------------------------------------------- e-mail addresses
    c("email", "联系邮箱：zhangxl2021@163.com", ["zhangxl2021@163.com"]),
    c("email", "材料请发送至 987654321@qq.com。", ["987654321@qq.com", "987654321"]),
    c("email", "E-mail: li_hong.mei@126.com", ["li_hong.mei@126.com"]),
    c("email", "电子邮箱：xyrsj_bgs@sina.cn（办公室）", ["xyrsj_bgs@sina.cn"]),
    c("email", "邮箱 **wangwu@foxmail.com**", ["wangwu@foxmail.com"]),
    # ---------------------------------------------------------------- figures: money tables
    c(
        "keep_money_table",
        "| 项目 | 金额（元） |\n|---|---|\n| 基金支出 | 15820034567 |\n| 合计 | 15820034567 |",
        keep=["15820034567"],
    ),
    c(
        "keep_money_table",
        "| 资金来源 | 预算数（元） | 执行数（元） |\n|---|---|---|\n| 中央 | 13912345000 | 13800012345 |",
        keep=["13912345000", "13800012345"],
    ),
    c("keep_money_table", "\t项目\n\t金额（元）\n\t养老保险待遇发放\n\t17712345678.5", keep=["17712345678.5"]),
    # ---------------------------------------------------------------- figures: unit on the next line
    c("keep_unit_wrap", "全年城乡居民养老保险基金支出13912345678\n元，同比增长3.2%。", keep=["13912345678"]),
    c("keep_unit_wrap", "累计发放失业保险金 15012345678.25\n元。", keep=["15012345678.25"]),
    # ---------------------------------------------------------------- figures: counts after 电话
    c("keep_call_counts", "全年接听咨询电话 3000 通，办结率100%。", keep=["3000 通"]),
    c("keep_call_counts", "接听电话 1200 次，回访满意率98%。", keep=["1200 次"]),
    c("keep_call_counts", "12333 咨询电话接听量 58000 余次。", keep=["12333", "58000 余次"]),
    c("keep_call_counts", "受理群众来电咨询 8523 人次，电话回访 1526 人。", keep=["8523", "1526"]),
    # ---------------------------------------------------------------- figures: document numbers
    c(
        "keep_doc_numbers",
        "根据《关于印发绩效评价办法的通知》（湘财绩〔2021〕12号）开展。",
        keep=["湘财绩〔2021〕12号"],
    ),
    c("keep_doc_numbers", "报告编号：湘审报20198011。", keep=["20198011"]),
    c("keep_doc_numbers", "文号：岳君人社发[2023]35号", keep=["[2023]35号"]),
    # ---------------------------------------------------------------- figures: codes
    c("keep_codes", "预算编码：301001", keep=["301001"]),
    c("keep_codes", "项目编码：43062421000000019951", keep=["43062421000000019951"]),
    c("keep_codes", "索引号：11430000006143986Y/2020-00123", keep=["11430000006143986Y/2020-00123"]),
    c("keep_codes", "统一社会信用代码 12430624MB1234567X", keep=["12430624MB1234567X"]),
    # ---------------------------------------------------------------- figures: dates
    c("keep_dates", "评价时间：2022年03月30日 15:30", keep=["2022年03月30日", "15:30"]),
    c("keep_dates", "于20210330完成自评，20220101起执行。", keep=["20210330", "20220101"]),
    c("keep_dates", "2021-12-31 至 2022-01-15", keep=["2021-12-31", "2022-01-15"]),
    # ---------------------------------------------------------------- figures: hotlines
    c("keep_hotlines", "开通12333人社服务热线，全年受理咨询。", keep=["12333"]),
    c("keep_hotlines", "投诉电话：12345", keep=["12345"]),
    c("keep_hotlines", "咨询电话为12333，监督电话是12345。", keep=["12333", "12345"]),
    # ---------------------------------------------------------------- empty signing lines
    c("keep_empty_signing", "主要领导签字：\n全年共完成职业技能培训3527人。", keep=["全年共完成职业技能培训3527人"]),
    c("keep_empty_signing", "负责人签字：      年   月   日\n单位意见：同意。", keep=["单位意见：同意"]),
    c("keep_empty_signing", "填表人签名：  联系电话：\n三、项目绩效目标", keep=["三、项目绩效目标"]),
    c("keep_empty_signing", "（单位盖章）\n二〇二二年三月三十日", keep=["二〇二二年三月三十日"]),
    # ---------------------------------------------------------------- public names
    c("keep_public_names", "联系人：李建国 联系电话：13812345618", ["13812345618"], ["李建国"]),
    c("keep_public_names", "项目负责人：孙明辉", keep=["孙明辉"]),
    c("keep_public_names", "| 评价人员 | 职称 |\n|---|---|\n| 钟华 | 会计师 |", keep=["钟华"]),
]
