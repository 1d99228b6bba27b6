"""The Windows MSI source compiles with wixl against the real build's file list, and says what it promises.

The MSI is built from the Linux one-folder build (its launchers renamed to .exe, make_msi.py --linux-payload),
so errors in packaging/windows/assist.wxs or in the generated file list are caught on every CI run without a
Windows machine. The tables are read back with msitools and the files extracted and compared byte for byte.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, need_tool

MAKE_MSI = ROOT / "packaging" / "windows" / "make_msi.py"
UPGRADE_CODE = "{6E0C2B0E-6A53-4C6B-9E0F-0A55157A0001}"
Built = tuple[Path, subprocess.CompletedProcess[str]]


def make_msi(payload: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # sys.executable only runs the script: make_msi.py is standard library only, like in CI's msi job.
    return subprocess.run([sys.executable, str(MAKE_MSI), str(payload), "-o", str(out), *extra],
                          capture_output=True, text=True, timeout=600, check=False)


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """Rows of one MSI table (msiinfo export: header line, types line, table-name line, then rows)."""
    text = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True, text=True, check=True).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def fake_payload(root: Path, launcher_suffix: str = "") -> Path:
    payload = root / "assist"
    (payload / "_internal" / "sub").mkdir(parents=True)
    for name in ("assist", "assist-gui"):
        (payload / (name + launcher_suffix)).write_bytes(b"launcher " + name.encode())
    (payload / "_internal" / "sub" / "data.txt").write_text("data", encoding="utf-8")
    return payload


@pytest.fixture(scope="module")
def built_msi(linux_payload: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    need_tool("wixl", "wixl")
    need_tool("msiinfo", "msitools")
    msi = tmp_path_factory.mktemp("msi") / "assist.msi"
    done = make_msi(linux_payload, msi, "--linux-payload")
    assert done.returncode == 0, done.stderr
    return msi, done


def test_msi_holds_every_file_of_the_build_byte_for_byte(built_msi: Built,
                                                         linux_payload: Path, tmp_path: Path) -> None:
    msi, done = built_msi
    assert msi.stat().st_size > 50_000_000, "the MSI should carry the runtime and the default model"
    subprocess.run(["msiextract", "-C", str(tmp_path), str(msi)], capture_output=True, check=True, timeout=300)
    installed = tmp_path / "Assist"  # msiextract writes the INSTALLDIR tree under its Name
    expected: dict[str, Path] = {}
    for path in linux_payload.rglob("*"):
        if path.is_file():  # follows symlinks; dangling ones are skipped by make_msi and named on stderr
            rel = path.relative_to(linux_payload).as_posix()
            expected[rel + ".exe" if rel in ("assist", "assist-gui") else rel] = path
        elif path.is_symlink():
            assert f"skipped a dangling symlink: {path.relative_to(linux_payload).as_posix()}" in done.stderr
    got = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    assert got == set(expected)
    assert len(table(msi, "File")) == len(expected)
    for rel, source in expected.items():
        assert filecmp.cmp(installed / rel, source, shallow=False), rel


def test_msi_is_per_machine_x64_under_program_files_with_a_start_menu_shortcut(
        built_msi: Built) -> None:
    msi, _ = built_msi
    suminfo = subprocess.run(["msiinfo", "suminfo", str(msi)], capture_output=True, text=True, check=True).stdout
    assert "Template: x64;1033" in suminfo
    props = {r["Property"]: r["Value"] for r in table(msi, "Property")}
    assert props["ALLUSERS"] == "1" and props["ProductName"] == "Assist"
    assert props["UpgradeCode"] == UPGRADE_CODE
    dirs = {r["Directory"]: r for r in table(msi, "Directory")}
    assert dirs["INSTALLDIR"]["Directory_Parent"] == "ProgramFiles64Folder"
    assert dirs["INSTALLDIR"]["DefaultDir"] == "Assist"
    (shortcut,) = table(msi, "Shortcut")
    assert shortcut["Directory_"] == "ProgramMenuFolder" and shortcut["Target"] == "[INSTALLDIR]assist-gui.exe"
    components = table(msi, "Component")
    assert all(int(c["Attributes"]) & 256 for c in components), "every component 64-bit"
    files = {r["FileName"] for r in table(msi, "File")}
    assert {"assist.exe", "assist-gui.exe"} <= files


def test_msi_upgrades_older_versions_and_refuses_downgrades(built_msi: Built) -> None:
    msi, _ = built_msi
    rows = {r["ActionProperty"]: r for r in table(msi, "Upgrade")}
    assert rows["WIX_UPGRADE_DETECTED"]["UpgradeCode"] == UPGRADE_CODE
    assert rows["WIX_UPGRADE_DETECTED"]["VersionMin"] == "" and rows["WIX_UPGRADE_DETECTED"]["VersionMax"] == "0.1.0"
    assert {r["Condition"] for r in table(msi, "LaunchCondition")} >= {"NOT WIX_DOWNGRADE_DETECTED"}
    sequence = {r["Action"]: r for r in table(msi, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in sequence


def test_uninstall_removes_user_data_and_policy_only_when_asked(
        built_msi: Built) -> None:
    msi, _ = built_msi
    actions = {r["Action"]: r for r in table(msi, "CustomAction")}
    assert 'rd /s /q "[LocalAppDataFolder]Assist"' in actions["RemoveUserData"]["Target"]
    assert '[CommonAppDataFolder]Assist\\policy.json' in actions["RemovePolicy"]["Target"]
    deferred, no_impersonate = 0x400, 0x800
    user_type = int(actions["RemoveUserData"]["Type"])
    assert user_type & deferred and not user_type & no_impersonate, "runs as the user who uninstalls"
    assert int(actions["RemovePolicy"]["Type"]) & no_impersonate
    sequence = {r["Action"]: r for r in table(msi, "InstallExecuteSequence")}
    for action, prop in (("RemoveUserData", "REMOVE_USER_DATA"), ("RemovePolicy", "REMOVE_POLICY")):
        condition = sequence[action]["Condition"]
        assert f'{prop}="1"' in condition and 'REMOVE~="ALL"' in condition and "NOT UPGRADINGPRODUCTCODE" in condition
        # Deferred actions only run inside the install script.
        assert int(sequence["InstallInitialize"]["Sequence"]) < int(sequence[action]["Sequence"]) < int(
            sequence["InstallFinalize"]["Sequence"])
    # Nothing the MSI installs lives in a user's profile or in %PROGRAMDATA%.
    dirs = {r["Directory"] for r in table(msi, "Directory")}
    assert not dirs & {"LocalAppDataFolder", "CommonAppDataFolder", "AppDataFolder"}


def test_two_versions_share_the_upgrade_code_and_components(tmp_path: Path) -> None:
    need_tool("wixl", "wixl")
    need_tool("msiinfo", "msitools")
    payload = fake_payload(tmp_path, ".exe")
    old, new = tmp_path / "old.msi", tmp_path / "new.msi"
    assert make_msi(payload, old, "--version", "0.1.0").returncode == 0
    assert make_msi(payload, new, "--version", "0.2.0").returncode == 0
    old_props = {r["Property"]: r["Value"] for r in table(old, "Property")}
    new_props = {r["Property"]: r["Value"] for r in table(new, "Property")}
    assert old_props["UpgradeCode"] == new_props["UpgradeCode"] == UPGRADE_CODE
    assert old_props["ProductCode"] != new_props["ProductCode"]
    assert new_props["ProductVersion"] == "0.2.0"
    # Stable component GUIDs per path: Windows Installer's rule for files kept across an upgrade.
    assert {c["ComponentId"] for c in table(old, "Component")} == {c["ComponentId"] for c in table(new, "Component")}


@pytest.mark.parametrize(("setup", "extra", "message"), [
    (lambda root: root / "nowhere", (), "build folder not found"),
    (lambda root: fake_payload(root), (), "assist.exe, assist-gui.exe missing (for a Linux build folder"),
    (lambda root: fake_payload(root, ".exe"), ("--version", "1.x"), "does not start with MAJOR.MINOR"),
    (lambda root: fake_payload(root, ".exe"), ("--version", "256.0.0"), "out of MSI's range"),
])
def test_bad_input_is_one_clear_error(
        tmp_path: Path, setup: Callable[[Path], Path], extra: tuple[str, ...], message: str) -> None:
    done = make_msi(setup(tmp_path), tmp_path / "out.msi", *extra)
    assert done.returncode == 1
    assert done.stderr.startswith("make_msi: ") and message in done.stderr, done.stderr
    assert not (tmp_path / "out.msi").exists()


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    payload = fake_payload(tmp_path, ".exe")
    (payload / "_internal" / "sub" / "DATA.txt").write_text("other", encoding="utf-8")
    done = make_msi(payload, tmp_path / "out.msi")
    assert done.returncode == 1 and "the same path on Windows" in done.stderr


def test_an_attribute_wixl_does_not_know_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # wixl only warns and drops it; make_msi.py turns that into an error so no rule is silently lost.
    need_tool("wixl", "wixl")
    monkeypatch.syspath_prepend(str(MAKE_MSI.parent))
    import make_msi as module  # the script, imported to point it at a changed source

    source = (MAKE_MSI.parent / "assist.wxs").read_text(encoding="utf-8")
    (tmp_path / "assist.wxs").write_text(source.replace("<Package ", '<Package Platform="x64" '), encoding="utf-8")
    monkeypatch.setattr(module, "HERE", tmp_path)
    with pytest.raises(module.MsiError, match="wixl ignored these WiX attributes: Platform"):
        module.build(fake_payload(tmp_path, ".exe"), tmp_path / "out.msi", version="0.1.0", manufacturer="Org",
                     linux_payload=False)
    assert not (tmp_path / "out.msi").exists()
