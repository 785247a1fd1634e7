"""Cases kept aside (about a fifth of the corpus): written with the others, before the detectors changed,
but only measured once the work was done — never used while tuning.  Same format as redaction_cases.py."""

from __future__ import annotations

from redaction_cases import Case, c

ASIDE: list[Case] = [
    c("phone_verb", "办公室电话为 0730-6612378。", ["6612378"]),
    c("phone_emphasis", "联系电话：***13612345690***", ["13612345690"]),
    c(
        "phone_table_header",
        "| 序号 | 联系人 | 手机 |\n|:-:|:-:|:-:|\n| 1 | 阎亮 | 15912345691 |",
        ["15912345691"],
        ["阎亮"],
    ),
    c("phone_next_cell", "| 电话 | | 6690123 |", ["6690123"]),
    c("phone_next_cell", "联系电话：\n\n0730-8890123", ["8890123"]),
    c("phone_name_between", "联系人、电话：程颖，18912345692", ["18912345692"], ["程颖"]),
    c("phone_list", "联系电话：6601234、6601235", ["6601234", "6601235"]),
    c("phone_dots", "電話：0731.8456.1299", ["8456.1299"]),
    c("phone_line_break", "联系电话：13912\n345693", ["13912", "345693"]),
    c("phone_spaced", "联系电话：６ ６ ９ ８ ７ ６ ５", ["６ ６ ９ ８ ７ ６ ５"]),
    c("phone_chinese_numerals", "联络电话：六六〇一二三九", ["六六〇一二三九"]),
    c("phone_traditional", "聯絡人：莫凡；聯絡電話為6623999", ["6623999"], ["莫凡"]),
    c("sig_no_colon", "评价组组长签字 欧阳明", ["欧阳明"]),
    c("sig_after_name", "填报人：白雪（签名）", ["白雪"]),
    c("sig_signer_next", "| 审核人 |\n|---|\n| 邵峰 |", ["邵峰"]),
    c("sig_several_names", "签名：潘越、龚平、卢静", ["潘越", "龚平", "卢静"]),
    c("sig_table", "| 姓名 | 簽名 |\n|---|---|\n| 严冬 | 严冬 |", ["| 严冬 | 严冬"], ["严冬"]),
    c("email", "电子信箱：hunan_rs2020@hotmail.com", ["hunan_rs2020@hotmail.com"]),
    c(
        "keep_money_table",
        "| 科目 | 决算数（元） |\n|---|---|\n| 工资福利支出 | 18612345678.9 |",
        keep=["18612345678.9"],
    ),
    c("keep_call_counts", "全年接听群众咨询电话 12000 余通。", keep=["12000 余通"]),
    c("keep_codes", "索引号：430624001/2021-00056", keep=["430624001/2021-00056"]),
    c("keep_empty_signing", "部门负责人签字：\n（二）项目资金使用情况", keep=["（二）项目资金使用情况"]),
]
