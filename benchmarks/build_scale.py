"""How the real build scales: N synthetic unit-year reports through ``site_builder.build.build``, measured.

For each N in ``--sizes`` this generates a repository of N synthetic reports (benchmarks/generate.py; plus their
project and unit pages) and then, each build in a fresh Python process so that memory and caches are its own:

1. full        — a build from scratch with an empty build cache (validation, redaction, rendering, pagefind,
                 verification);
2. incremental — one figure of one report edited, built again with the cache the full build left
                 (``build(..., cache_dir=…)``, as ``python -m site_builder build`` does);
3. scratch     — a build from scratch, without cache, of the *edited* input;
                 the incremental output is compared with it byte for byte: an incremental build must give
                 exactly a full build's site.

The generated repository is committed as a published repository a week after its publication: one commit
holding every report, and an empty commit a week later (:func:`publish`).  The search index then has a base
(the publication) and a recent tier (the units changed since: only the edited one), as on a real site between
two weekly moves of its base (site_builder/search/index.py).

The generated units are in the provinces of the real reports (``--provinces``, default 43,51: 湖南, 四川): one
province alone runs out of unit codes near 2 400 reports with the generator's four departments.

It prints one row per build — pages (.html files), wall seconds, pages per second, peak RSS of the build process
(``RUSAGE_SELF``) and of its largest child (``RUSAGE_CHILDREN``: pagefind), site size, median report page, and
the seconds of each step from ``BuildResult.timings`` (``index.pagefind``: pagefind's runs alone, part of ``index``) — then the issue's targets with
PASS / FAIL / n/a.  Nothing is estimated in the table; what was not measured says so.

"CPU s" is the build's processor time (its own, its workers' and pagefind's); "calib. s" the seconds of a fixed
pure-Python loop just before and just after the build.  On the shared VMs this is measured on, the loop took
0.45–1.65 s within one afternoon, and on another day the same commit needed twice the CPU seconds for the same
build while the loop stayed fast: the loop shows some of the machine's moods, not all.  Compare builds of
different runs by their CPU seconds as well as their wall time; the linearity target prints both ratios.

    python benchmarks/build_scale.py --sizes 300,1000,3000
    python benchmarks/build_scale.py --sizes 30            # a quick run
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()

STEPS = ["load", "validate", "public", "render", "index", "verify"]

# the targets of the issue “Scale: a province's reports in minutes, one changed report in seconds”
TARGET_RATIO = 3.3  # wall(3000) / wall(1000)
TARGET_PPS = 100.0  # pages per second at N = 3000, end to end
TARGET_MEDIAN = 60 * 1024  # bytes, median report page
TARGET_INCREMENTAL = 10.0  # seconds at N = 3000


# ---------------------------------------------------------------- the child: one build, measured


def child(root: Path, out: Path, result_file: Path, cache: str) -> int:
    sys.path.insert(0, str(ROOT))
    from site_builder.build import build

    started = time.perf_counter()
    result = build(root, out, log=lambda line: None, cache_dir=Path(cache) if cache else None)
    wall = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    result_file.write_text(
        json.dumps(
            {
                "wall": wall,
                "timings": result.timings,
                "reports": result.reports,
                "projects": result.projects,
                "indexed": result.pages,
                "warnings": len(result.warnings),
                "rss_self_kb": me.ru_maxrss,  # Linux: kilobytes
                "rss_children_kb": kids.ru_maxrss,
                "cpu_self": me.ru_utime + me.ru_stime,
                "cpu_children": kids.ru_utime + kids.ru_stime,
            }
        ),
        encoding="utf-8",
    )
    return 0


def run_build(root: Path, out: Path, log: Path, cache: Path | None) -> dict[str, Any]:
    result_file = out.with_name(out.name + ".json")
    # each build starts on a quiet disk: what the previous one wrote (a full build: a gigabyte, site and cache) is
    # flushed first, or its write-back is timed as part of this build (it tripled an incremental build here)
    os.sync()
    before = calibration()
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as fh:
        proc = subprocess.run(
            [sys.executable, str(HERE), "--child", str(root), str(out), str(result_file), str(cache or "")],
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
            check=False,
        )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"构建失败（退出码 {proc.returncode}），见 {log}")
    data = json.loads(result_file.read_text(encoding="utf-8"))
    data["process_wall"] = elapsed  # including interpreter start-up and imports
    data["calibration"] = [before, calibration()]  # the machine's speed just before and just after the build
    data.update(measure_site(out))
    return data


# ---------------------------------------------------------------- measuring the output

_REPORT_PAGE = re.compile(r"^units/[^/]+/\d{4}/index\.html$")


def measure_site(site: Path) -> dict[str, Any]:
    pages = 0
    size = 0
    report_pages: list[int] = []
    pagefind_bytes = 0
    pagefind_files = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        n = path.stat().st_size
        size += n
        rel = path.relative_to(site).as_posix()
        if rel.endswith(".html"):
            pages += 1
            if _REPORT_PAGE.match(rel):
                report_pages.append(n)
        if rel.startswith("pagefind/"):
            pagefind_bytes += n
            pagefind_files += 1
    return {
        "pages": pages,
        "site_bytes": size,
        "median_report_bytes": statistics.median(report_pages) if report_pages else 0,
        "report_pages": len(report_pages),
        "pagefind_bytes": pagefind_bytes,
        "pagefind_files": pagefind_files,
    }


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two trees (content, or present in only one); empty when identical."""
    differ: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        differ.extend(prefix + x for x in cmp.left_only + cmp.right_only + cmp.funny_files)
        for name in cmp.common_files:
            if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False):
                differ.append(prefix + name)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(differ)


# ---------------------------------------------------------------- the edit

_FIGURE = re.compile(r"^(\s+(?:final|in_use|executed|public_finance|amount|project|total):\s+)(\d+(?:\.\d+)?)\s*$")


def publish(repo: Path) -> None:
    """``repo`` as a git repository published a week ago: every report in one commit dated Monday 2026-01-05,
    and an empty commit a week later (the search base is the first)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    steps = [
        (["init", "-q", "-b", "main"], None),
        (["add", "-A"], None),
        (["commit", "-qm", "publish"], "2026-01-05T09:00:00+08:00"),
        (["commit", "-q", "--allow-empty", "-m", "a week later"], "2026-01-12T09:00:00+08:00"),
    ]
    for args, date in steps:
        dated = env | ({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})
        subprocess.run(["git", *args], cwd=repo, env=dated, check=True, capture_output=True)


def edit_one_figure(root: Path) -> tuple[Path, str, str]:
    """Change one printed figure in the first report (a clerk's correction): +1 in its last digit's place."""
    report = sorted((root / "units").glob("*/*/report.yaml"))[0]
    original = report.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    for i, line in enumerate(lines):
        m = _FIGURE.match(line.rstrip("\n"))
        if m:
            old = m.group(2)
            decimals = len(old.split(".")[1]) if "." in old else 0
            step = 10**-decimals
            new = f"{float(old) + step:.{decimals}f}"
            lines[i] = f"{m.group(1)}{new}\n"
            report.write_text("".join(lines), encoding="utf-8")
            return report, original, f"{report.relative_to(root)}:{i + 1}: {old} → {new}"
    raise SystemExit(f"{report} 中没有可改的数字")


# ---------------------------------------------------------------- the table

BASE_COLUMNS = [
    ("build", 12),
    ("N", 5),
    ("pages", 6),
    ("wall s", 7),
    ("pages/s", 7),
    ("CPU s", 6),
    ("RSS self MB", 11),
    ("RSS child MB", 12),
    ("site MB", 8),
    ("med. report KB", 14),
    ("calib. s", 9),
]


def steps_of(builds: list[dict[str, Any]]) -> list[str]:
    """The step columns: BuildResult.timings' keys in pipeline order, any step added to build.py included."""
    names = [s for s in STEPS]
    for d in builds:
        for name in d["timings"]:
            if name not in names:
                names.insert(names.index("public") if name == "history" else len(names), name)
    return names


def header(steps: list[str]) -> str:
    return " | ".join(name.rjust(width) for name, width in [*BASE_COLUMNS, *[(s, 8) for s in steps]])


def row(kind: str, n: int, d: dict[str, Any], steps: list[str]) -> str:
    values = [
        kind,
        str(n),
        str(d["pages"]),
        f"{d['wall']:.1f}",
        f"{d['pages'] / d['wall']:.1f}",
        f"{d['cpu_self'] + d['cpu_children']:.0f}" if "cpu_self" in d else "—",
        f"{d['rss_self_kb'] / 1024:.0f}",
        f"{d['rss_children_kb'] / 1024:.0f}",
        f"{d['site_bytes'] / 1e6:.1f}",
        f"{d['median_report_bytes'] / 1024:.1f}",
        _calibration_text(d),
        *[f"{d['timings'].get(s, float('nan')):.1f}" for s in steps],
    ]
    widths = [w for _, w in BASE_COLUMNS] + [8] * len(steps)
    return " | ".join(v.rjust(width) for v, width in zip(values, widths, strict=True))


def _calibration_text(d: dict[str, Any]) -> str:
    before_after = d.get("calibration")
    return "/".join(f"{c:.2f}" for c in before_after) if before_after else "—"


def _cpu_note(a: dict[str, Any], b: dict[str, Any]) -> str:
    """The same ratio in CPU seconds, which waiting on the disk or on the other core does not change."""
    if "cpu_self" not in a or "cpu_self" not in b:
        return ""
    ratio = (b["cpu_self"] + b["cpu_children"]) / (a["cpu_self"] + a["cpu_children"])
    return f"  (in CPU seconds: {ratio:.2f})"


def print_report(results: dict[int, dict[str, Any]]) -> None:
    builds = [
        (kind, n, r[kind])
        for n, r in sorted(results.items())
        for kind in ("full", "incremental", "scratch")
        if r.get(kind)
    ]
    steps = steps_of([d for _, _, d in builds])
    print(header(steps))
    print("-" * len(header(steps)))
    for kind, n, d in builds:
        print(row(kind, n, d, steps))
    print()
    print("Targets (issue: a province's reports in minutes, one changed report in seconds):")
    for line in targets(results):
        print("  " + line)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def targets(results: dict[int, dict[str, Any]]) -> list[str]:
    lines = []
    full = {n: r["full"] for n, r in results.items()}
    if 1000 in full and 3000 in full:
        ratio = full[3000]["wall"] / full[1000]["wall"]
        lines.append(
            f"wall(3000)/wall(1000) = {ratio:.2f}  (target ≤ {TARGET_RATIO})  {verdict(ratio <= TARGET_RATIO)}"
            + _cpu_note(full[1000], full[3000])
        )
    else:
        sizes = sorted(full)
        note = ""
        if len(sizes) >= 2:
            a, b = sizes[-2], sizes[-1]
            ratio = full[b]["wall"] / full[a]["wall"]
            exponent = math.log(ratio) / math.log(b / a)
            note = (
                f"; measured wall({b})/wall({a}) = {ratio:.2f} for {b / a:.2f}× the reports (wall ∝ N^{exponent:.2f})"
            )
        lines.append(f"wall(3000)/wall(1000) = not measured (target ≤ {TARGET_RATIO})  n/a{note}")
    if 3000 in full:
        pps = full[3000]["pages"] / full[3000]["wall"]
        lines.append(f"pages/s at N=3000 = {pps:.1f}  (target ≥ {TARGET_PPS:.0f})  {verdict(pps >= TARGET_PPS)}")
    else:
        big = max(full)
        pps = full[big]["pages"] / full[big]["wall"]
        lines.append(f"pages/s at N=3000 = not measured (target ≥ {TARGET_PPS:.0f})  n/a; at N={big}: {pps:.1f}")
    for n in sorted(full):
        med = full[n]["median_report_bytes"]
        lines.append(
            f"median report page at N={n} = {med / 1024:.1f} KB  (target < 60 KB)  {verdict(med < TARGET_MEDIAN)}"
        )
    for n in sorted(results):
        inc = results[n].get("incremental")
        if not inc:
            continue
        same = results[n].get("identical")
        label = "target at N=3000" if n == 3000 else "target is for N=3000"
        share = inc["wall"] / results[n]["full"]["wall"]
        lines.append(
            f"incremental rebuild at N={n} = {inc['wall']:.1f} s, {share:.0%} of the full build "
            f"({label}: < {TARGET_INCREMENTAL:.0f} s)  {verdict(inc['wall'] < TARGET_INCREMENTAL) if n == 3000 else 'n/a'}"
        )
        if same is not None:
            differ = results[n].get("differ", [])
            lines.append(
                f"incremental output identical to a full build at N={n}: {'yes' if same else 'NO'}"
                + ("" if same else f" ({len(differ)} files differ, e.g. {', '.join(differ[:3])})")
                + f"  {verdict(same)}"
            )
    return lines


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: nproc={os.cpu_count()}, memory={mem}, cpu={cpu}, Python {platform.python_version()}"


def calibration() -> float:
    """Seconds for a fixed pure-Python loop (best of three), taken before and after each build: the machine's
    single-core speed at the time (see the module's description for what it does not show)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建规模基准：N 份合成报告经由真实的 build()")
    parser.add_argument("--sizes", default="300,1000,3000", help="报告份数，逗号分隔（默认 300,1000,3000）")
    parser.add_argument("--work", default="/tmp/site_builder-bench", help="工作目录（生成的仓库和输出）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-incremental", action="store_true", help="只做完整构建")
    parser.add_argument("--no-identity", action="store_true", help="不做第三次构建（撤销修改后与完整构建逐字节比较）")
    parser.add_argument(
        "--identity-up-to", type=int, metavar="N", help="只在 N 份及以下时做逐字节比较的第三次构建（大规模时省时间）"
    )
    parser.add_argument("--keep", action="store_true", help="保留输出的网站")
    parser.add_argument("--json", help="把结果写入此 JSON 文件")
    parser.add_argument("--report", metavar="JSON", help="不构建，只把以前 --json 写下的结果再打印成表")
    parser.add_argument("--provinces", default="43,51", help="生成的单位所在省份（代码前两位，逗号分隔；默认 43,51）")
    parser.add_argument("--child", nargs=4, metavar=("ROOT", "OUT", "RESULT", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]), Path(args.child[2]), args.child[3])
    if args.report:
        saved = json.loads(Path(args.report).read_text(encoding="utf-8"))
        print(f"# {saved['machine']}")
        print_report({int(n): r for n, r in saved["results"].items()})
        return 0

    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    log = work / "build.log"
    print(f"# {dt.datetime.now().isoformat(timespec='seconds')}  {machine()}", flush=True)
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        base = work / f"n{n}"
        if base.exists():
            shutil.rmtree(base)
        repo = base / "repo"
        started = time.perf_counter()
        stats = generate(n, repo, seed=args.seed, provinces=args.provinces.split(","))
        publish(repo)
        print(
            f"N={n}: generated {stats['units']} units, {stats['reports']} reports, {stats['projects']} project reports, "
            f"{stats['bytes'] / 1e6:.1f} MB of sources in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        res: dict[str, Any] = {"generated": stats}
        cache = base / "cache"
        res["full"] = full = run_build(repo, base / "full", log, cache)
        print(
            f"  full build: {full['wall']:.1f} s; {full['pages']} pages, pagefind {full['pagefind_files']} files "
            f"{full['pagefind_bytes'] / 1e6:.1f} MB, {full['warnings']} warnings",
            flush=True,
        )
        if not args.no_incremental:
            path, original, change = edit_one_figure(repo)
            res["change"] = change
            res["incremental"] = inc = run_build(repo, base / "incremental", log, cache)
            changed = compare_trees(base / "full", base / "incremental")
            res["changed_by_edit"] = len(changed)
            res["changed_paths"] = changed[:300]
            print(
                f"  edited {change}; incremental build: {inc['wall']:.1f} s; {len(changed)} files differ from "
                f"the previous site",
                flush=True,
            )
            if not args.no_identity and (args.identity_up_to is None or n <= args.identity_up_to):
                res["scratch"] = rev = run_build(repo, base / "scratch", log, None)
                differ = compare_trees(base / "incremental", base / "scratch")
                res["identical"] = not differ
                res["differ"] = differ
                print(
                    f"  the edited input built from scratch without cache: {rev['wall']:.1f} s; identical to the "
                    f"incremental build: {'yes' if not differ else f'no, {len(differ)} files differ'}",
                    flush=True,
                )
            path.write_text(original, encoding="utf-8")
        results[n] = res
        if not args.keep:
            for name in ("full", "incremental", "scratch", "cache"):
                shutil.rmtree(base / name, ignore_errors=True)
    print()
    print_report(results)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(), "results": results},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
