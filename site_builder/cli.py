"""Command line: ``python -m site_builder check|build|serve|redact|new``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load
from .validate import validate


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    sources = load(root, [Path(p) for p in args.paths] or None)
    checked = validate(sources)
    for message in checked.errors + checked.warnings:
        print(message.format())
    reports = sum(len(u.reports) for u in checked.units)
    print(
        f"检查完成：{reports} 份报告，{len(checked.errors)} 个错误，{len(checked.warnings)} 个警告",
        file=sys.stderr,
    )
    return 1 if checked.errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildFailed, build
    from .tools import ToolError

    root = Path(args.root)
    out = Path(args.out) if args.out else root / "site"
    try:
        result = build(root, out, log=lambda line: print(line, file=sys.stderr))
    except BuildFailed as exc:
        print(f"构建失败：{exc.stage}", file=sys.stderr)
        for line in exc.lines:
            print(line)
        return 1
    except ToolError as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    for message in result.warnings:
        print(message.format())
    print(
        f"构建完成：{result.reports} 份报告、{result.projects} 份项目报告，搜索索引 {result.pages} 页，"
        f"{len(result.warnings)} 个数据核对提示 → {result.out}",
        file=sys.stderr,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .guide import write_generated

    for path in write_generated(Path(args.root)):
        print(f"已生成 {path}", file=sys.stderr)
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .public import redact_file
    from .yamlsource import SourceError

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
        kinds = {"phone": "电话", "signature": "签名", "personal": "个人信息字段"}
        for line, kind, masked in removals:
            print(f"{path}:{line}: {kinds.get(kind, kind)}：{masked}")
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.root), args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m site_builder", description="绩效自评报告公开网站生成工具")
    parser.add_argument("--root", default=".", help="仓库根目录（含 units/ 和 content/）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查报告数据：错误阻止发布，警告随报告公开")
    check.add_argument("paths", nargs="*", help="只检查这些单位或年度文件夹")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="生成完整网站：检查 → 隐去个人信息 → 生成页面 → 建立搜索索引 → 输出检查")
    build.add_argument("--out", help="输出目录（默认 site/）")
    build.set_defaults(func=cmd_build)
    redact = sub.add_parser("redact", help="预览报告公开后的样子，并列出隐去的电话和签名（已打码）")
    redact.add_argument("paths", nargs="+", help="report.yaml、projects/*.yaml 或 .md 文件")
    redact.set_defaults(func=cmd_redact)
    serve = sub.add_parser("serve", help="本地预览：修改报告后页面自动刷新")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    schema = sub.add_parser("schema", help="由数据结构定义重新生成 schema/*.schema.json 和 content/guide.md")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors
        return int(exc.code or 0)
    return int(args.func(args))
