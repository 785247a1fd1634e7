"""Command line: ``python -m site_builder check|build|serve|redact|schema|new|new-unit|import|codeowners|pr-summary|
history|deploy|site``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.checks.validate import validate
from site_builder.errors import BuildFailed, SiteBuilderError
from site_builder.messages import Message
from site_builder.schema import REMOVAL_KINDS
from site_builder.sources.load import load
from site_builder.sources.placeholders import FILL


def _escape_data(text: str) -> str:
    """A GitHub workflow command's message, escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(message: Message, title: str | None = None) -> str:
    """``::error file=…,line=…,col=…,title=…::field: text``: an annotation on the pull request's line."""
    level = "error" if message.severity == "error" else "warning"
    title = title or ("报告数据错误" if level == "error" else "数据核对提示")
    text = f"{message.field}: {message.text}" if message.field else message.text
    props = f"file={_escape_property(message.path)},line={message.line},col={message.column}"
    return f"::{level} {props},title={_escape_property(title)}::{_escape_data(text)}"


def _changed_files(root: Path, names: list[str]) -> list[str]:
    """The changed files relative to ``root``; a folder stands for every file in it."""
    from site_builder.cli.ownership import relative

    files: list[str] = []
    for name in names:
        rel = relative(root, name)
        folder = root / rel
        if folder.is_dir():
            files += sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())
        else:
            files.append(rel)
    return files


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    github = args.format == "github"
    advice: list[str] = []
    if args.changed:
        from site_builder.cli.ownership import check_targets, review_advice, sort_changes

        changed = _changed_files(root.resolve(), args.paths)
        only = check_targets(root.resolve(), sort_changes(changed))
        advice = review_advice(changed)
        sources = load(root, only)
    else:
        sources = load(root, [Path(p) for p in args.paths] or None)
    checked = validate(sources)
    for message in checked.errors:
        print(github_command(message) if github else message.format())
    if not github and any(FILL in m.text for m in checked.errors):
        print(
            "提示：待填写的内容如果单位已有 Word、Excel 或网页版本，可以用 python -m site_builder import "
            "文件 --unit <单位标识> --year <年度> 生成每个值都注明出处的草稿，再逐项核对"
        )
    for line in advice:
        print(f"::notice title=需要维护人审核::{_escape_data(line)}" if github else f"提示：{line}")
    for message in checked.warnings:
        print(github_command(message) if github else message.format())
    reports = sum(len(unit.reports) for unit in sources.units)  # every report read, with errors or without
    extra = f"，{len(advice)} 条提示" if args.changed else ""
    print(
        f"检查完成：{reports} 份报告，{len(checked.errors)} 个错误，{len(checked.warnings)} 个警告{extra}",
        file=sys.stderr,
    )
    return 1 if checked.errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from site_builder.build import build

    root = Path(args.root)
    out = Path(args.out) if args.out else root / "site"
    cache = None if args.no_cache else Path(args.cache) if args.cache else root / ".cache" / "build"
    try:
        result = build(root, out, log=lambda line: print(line, file=sys.stderr), cache_dir=cache)
    except SiteBuilderError as exc:  # the data, the verification, pagefind or the theme: the previous site stays
        print(f"构建失败：{exc.stage if isinstance(exc, BuildFailed) else exc}", file=sys.stderr)
        for line in exc.lines:
            print(line)
        return exc.exit_code
    for message in result.warnings:
        print(message.format())
    print(
        f"构建完成：{result.reports} 份报告、{result.projects} 份项目报告，搜索索引 {result.pages} 页，"
        f"{len(result.warnings)} 个数据核对提示 → {result.out}",
        file=sys.stderr,
    )
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from site_builder.build import BuildFailed, site_identity
    from site_builder.publish.deploy import DeployError, deploy

    root = Path(args.root)
    site = Path(args.site) if args.site else root / "site"
    try:
        done = deploy(site, site_identity(root), args.to, log=lambda line: print(line, file=sys.stderr))
    except BuildFailed as exc:
        print(f"部署失败：{exc.stage}", file=sys.stderr)
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    except DeployError as exc:
        print(f"部署失败：{exc}", file=sys.stderr)
        return 1
    deleted = f"，删除 {len(done.deleted)} 个" if done.target == "s3" else "，旧版本已删除（保留上一版）"
    print(
        f"部署完成（{done.target}，版本 {done.release}）：上传 {len(done.uploaded)} 个文件（共 {done.total} 个）{deleted}",
        file=sys.stderr,
    )
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from site_builder.build import BuildFailed, site_identity
    from site_builder.identity import IdentityError, require_address

    try:
        identity = site_identity(Path(args.root))
        if args.require_address:
            require_address(identity)
    except BuildFailed as exc:
        print("\n".join(exc.lines), file=sys.stderr)
        return 1
    except IdentityError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(
        f"网站名称：{identity.name}\n公开地址：{identity.url or '（未配置）'}\n主办单位：{identity.publisher or '（未配置）'}\n"
        f"网站标识码：{identity.website_code or '—'}\nICP备案号：{identity.icp or '—'}\n公安机关备案号：{identity.police or '—'}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from site_builder.cli.guide import write_generated

    for path in write_generated(Path(args.root)):
        print(f"已生成 {path}", file=sys.stderr)
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from site_builder.public.model import redact_file
    from site_builder.sources.yamlsource import SourceError

    status = 0
    for name in args.paths:
        path = Path(name)
        try:
            public, removals = redact_file(path)
        except (OSError, SourceError, ValidationError) as exc:
            print(f"{path}: 无法预览：{getattr(exc, 'message', exc)}；请先运行 check", file=sys.stderr)
            status = 1
            continue
        print(f"===== {path}：公开后的内容 =====")
        print(public.rstrip("\n"))
        print(f"===== {path}：隐去 {len(removals)} 处 =====")
        kinds = REMOVAL_KINDS
        for line, kind, masked in removals:
            print(f"{path}:{line}: {kinds.get(kind, kind)}：{masked}")
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    from site_builder.cli.serve import serve

    return serve(Path(args.root), args.port)


def cmd_new(args: argparse.Namespace) -> int:
    from site_builder.cli.scaffold import new_project, new_report
    from site_builder.errors import ScaffoldError

    root = Path(args.root)
    try:
        if args.template == "hunan":
            done = new_report(root, args.unit_id, args.year)
        else:
            done = new_project(root, args.unit_id, args.year, args.template, args.project)
    except ScaffoldError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for path in done.written:
        print(f"已生成 {path.relative_to(root.resolve()).as_posix()}")
    for note in done.notes:
        print(f"注意：{note}")
    if done.copied_from:
        print(f"{'、'.join(done.copied)}已从 {done.copied_from} 年报告复制。")
    print(
        "标有“# 请核对”的地方请逐一核对，核对后删除那一行；“【请填写】”处按原文填写。留下的每一处都是检查错误，报告不能发布。"
    )
    where = f"units/{args.unit_id}/{args.year}"
    files = "report.yaml 和 narrative.md" if args.template == "hunan" else f"projects/{args.project}.yaml 和 .md"
    print(f"下一步：按文件中的中文说明填写 {where}/{files}，然后运行")
    print(f"  python -m site_builder check --changed {where}")
    print("  python -m site_builder serve      （本地预览，修改后页面自动刷新）")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from site_builder.importing.run import import_files

    root = Path(args.root)
    done = import_files(root, [Path(f) for f in args.files], args.unit, args.year, args.force)
    for path in done.written.paths:
        print(f"已写入 {path.relative_to(root.resolve()).as_posix()}")
    print("已导入（每个值上方的“# 来源：”注明出处）：")
    for line in done.written.filled:
        print(f"  {line}")
    print("未找到、留待填写或核对：")
    for line in done.written.left:
        print(f"  {line}")
    print(f"对草稿运行 check 的结果：{done.errors} 个错误，{done.warnings} 个警告")
    for line in done.check_lines:
        print(f"  {line}")
    where = f"units/{args.unit}/{args.year}"
    print(f"下一步：逐项与原文核对 {where}，运行 python -m site_builder serve 预览，无误后提交拉取请求。")
    return 0


def cmd_new_unit(args: argparse.Namespace) -> int:
    from site_builder.cli.scaffold import new_unit
    from site_builder.errors import ScaffoldError

    root = Path(args.root)
    try:
        done = new_unit(root, args.unit_id)
    except ScaffoldError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for path in done.written:
        print(f"已生成 {path.relative_to(root.resolve()).as_posix()}")
    print(f"下一步：填写单位名称、所在地区等必填字段，然后运行 python -m site_builder check units/{args.unit_id}；")
    print(f"再用 python -m site_builder new {args.unit_id} <年度> 开始一份报告")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from site_builder.cli.ownership import CODEOWNERS, codeowners_text, unit_maintainers, write_codeowners

    root = Path(args.root)
    for problem in unit_maintainers(root).invalid:
        print(f"警告：{problem}，已略过", file=sys.stderr)
    if args.check:
        path = root / CODEOWNERS
        if not path.is_file() or path.read_text(encoding="utf-8") != codeowners_text(root):
            print(
                f"{CODEOWNERS.as_posix()} 与 units/*/unit.yaml 中的 maintainers 不一致：请运行 "
                "python -m site_builder codeowners 并提交这个文件",
                file=sys.stderr,
            )
            return 1
        print(f"{CODEOWNERS.as_posix()} 是最新的", file=sys.stderr)
        return 0
    write_codeowners(root)
    print(f"已生成 {CODEOWNERS.as_posix()}", file=sys.stderr)
    return 0


def cmd_pr_summary(args: argparse.Namespace) -> int:
    from site_builder.cli.ownership import pull_request_summary

    root = Path(args.root)
    print(pull_request_summary(root.resolve(), _changed_files(root.resolve(), args.paths), base=args.base), end="")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from site_builder.sources.history import corrections
    from site_builder.sources.load import UNIT_ID, YEAR

    if not UNIT_ID.match(args.unit_id) or not YEAR.match(args.year):
        print("错误：单位标识或年度不合规，例如 history 430624-renshe 2021", file=sys.stderr)
        return 2
    found = corrections(Path(args.root), args.unit_id, int(args.year))
    if not found:
        print(f"units/{args.unit_id}/{args.year}：首次发布后没有更正（或没有 git 历史）")
    for correction in found:
        print(f"{correction.date}  {correction.commit[:12]}")
        for change in correction.changes:
            print(f"  - {change}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m site_builder", description="绩效自评报告公开网站生成工具")
    parser.add_argument("--root", default=".", help="仓库根目录（含 units/ 和 content/）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查报告数据：错误阻止发布，警告随报告公开")
    check.add_argument("paths", nargs="*", help="只检查这些单位或年度文件夹（加 --changed 时为改动的文件）")
    check.add_argument(
        "--changed",
        action="store_true",
        help="PATH 是拉取请求改动的文件：检查涉及的单位，并提示需要维护人审核的改动和尚未核对的“# 请核对”",
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github：输出 GitHub Actions 标注（::error file=…,line=…::…），显示在拉取请求对应的行上",
    )
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="生成完整网站：检查 → 隐去个人信息 → 生成页面 → 建立搜索索引 → 输出检查")
    build.add_argument("--out", help="输出目录（默认 site/）")
    build.add_argument("--cache", help="构建缓存目录：未改动的单位不再重新生成（默认 .cache/build/）")
    build.add_argument("--no-cache", action="store_true", help="不用缓存，全部重新生成（结果与用缓存时相同）")
    build.set_defaults(func=cmd_build)
    redact = sub.add_parser("redact", help="预览报告公开后的样子，并列出隐去的电话和签名（已打码）")
    redact.add_argument("paths", nargs="+", help="report.yaml、projects/*.yaml 或 .md 文件")
    redact.set_defaults(func=cmd_redact)
    serve = sub.add_parser("serve", help="本地预览：修改报告后页面自动刷新")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="由数据结构定义重新生成 schema/*.schema.json 和 content/guide.md")
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser(
        "new", help="开始一份新报告：生成带中文说明的 report.yaml 和 narrative.md，并从上一年复制不变的内容"
    )
    new.add_argument("unit_id", help="单位标识，例如 430624-renshe")
    new.add_argument("year", help="年度，例如 2024")
    new.add_argument(
        "--template",
        choices=["hunan", "national", "sichuan"],
        default="hunan",
        help="报告格式：hunan 湖南部门（单位）整体支出绩效自评报告（默认）；national 财政部项目支出绩效自评表；"
        "sichuan 四川省项目支出绩效自评表（后两种生成 projects/<项目标识>.yaml，需加 --project）",
    )
    new.add_argument("--project", help="项目标识（--template national 或 sichuan 时必填），例如 shebao-jingban")
    new.set_defaults(func=cmd_new)
    new_unit = sub.add_parser("new-unit", help="新增一个单位：生成带中文说明的 units/<单位标识>/unit.yaml")
    new_unit.add_argument("unit_id", help="单位标识，例如 430624-renshe")
    new_unit.set_defaults(func=cmd_new_unit)
    imp = sub.add_parser(
        "import",
        help="从单位已有的 Word（.docx/.doc/.wps）、Excel（.xlsx/.xls/.et）、网页或文本导入报告草稿，每个值注明出处",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="同一单位同一年度的文件（可多个：报告和自评表）")
    imp.add_argument("--unit", required=True, help="单位标识，例如 430624-renshe")
    imp.add_argument("--year", required=True, help="年度，例如 2021")
    imp.add_argument("--force", action="store_true", help="覆盖已有的文件")
    imp.set_defaults(func=cmd_import)
    owners = sub.add_parser("codeowners", help="根据各单位 unit.yaml 的 maintainers 重新生成 .github/CODEOWNERS")
    owners.add_argument("--check", action="store_true", help="只检查 .github/CODEOWNERS 是否最新，不写文件")
    owners.set_defaults(func=cmd_codeowners)
    summary = sub.add_parser(
        "pr-summary", help="拉取请求的检查摘要（Markdown）：检查结果、审核提示、改动报告的公开预览（已打码）"
    )
    summary.add_argument("paths", nargs="*", help="拉取请求改动的文件")
    summary.add_argument("--base", help="合并目标的提交（例如 HEAD^1）：列出已发布报告将公开的更正")
    summary.set_defaults(func=cmd_pr_summary)
    history = sub.add_parser("history", help="列出一份报告首次发布后的更正（来自 git 历史）")
    history.add_argument("unit_id")
    history.add_argument("year")
    history.set_defaults(func=cmd_history)
    deploy = sub.add_parser(
        "deploy", help="把生成好的网站发布到服务器（rsync/SSH）或对象存储（S3 兼容）：原子切换，只传改动的文件"
    )
    deploy.add_argument(
        "--to",
        choices=("rsync", "s3"),
        required=True,
        help="rsync：经 SSH 上传到服务器（DEPLOY_SSH_*）；s3：上传到对象存储（DEPLOY_S3_*）",
    )
    deploy.add_argument("--site", help="生成好的网站（默认 site/）")
    deploy.set_defaults(func=cmd_deploy)
    site = sub.add_parser("site", help="显示网站的名称、公开地址和备案信息（mkdocs.yml，SITE_URL）")
    site.add_argument("--require-address", action="store_true", help="没有配置公开地址时报错（发布前的检查）")
    site.set_defaults(func=cmd_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except SiteBuilderError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        for line in exc.lines:
            print(line)
        return exc.exit_code
    except OSError as exc:  # the disk, a folder in the way, a program that would not start
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误：文件或程序操作失败（{exc.strerror or exc}）{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
