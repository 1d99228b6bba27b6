"""What of the macOS pkg recipe can be checked off a Mac: its plists and distribution, and its refusals.

pkgbuild, productbuild, codesign and notarytool exist only on macOS; the workflow's macos job runs the recipe
for real and installs the pkg. The script itself is shellchecked in test_workflow.py.
"""

from __future__ import annotations

import plistlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.packaging.conftest import ROOT

HERE = ROOT / "packaging" / "macos"


def test_component_plist_pins_the_app_to_applications_and_never_downgrades() -> None:
    (component,) = plistlib.loads((HERE / "component.plist").read_bytes())
    assert component["RootRelativeBundlePath"] == "Assist.app"
    assert component["BundleIsRelocatable"] is False  # else Installer "upgrades" a stray copy elsewhere
    assert component["BundleIsVersionChecked"] is True
    assert component["BundleOverwriteAction"] == "upgrade"


def test_entitlements_are_the_hardened_runtime_exceptions_only() -> None:
    entitlements = plistlib.loads((HERE / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True,
                            "com.apple.security.cs.disable-library-validation": True}


def test_distribution_installs_machine_wide_with_only_the_placeholders_the_script_fills() -> None:
    text = (HERE / "distribution.xml").read_text(encoding="utf-8")
    script = (HERE / "build_pkg.sh").read_text(encoding="utf-8")
    placeholders = set(re.findall(r"@(\w+)@", text))
    assert placeholders == {"PKG_ID", "VERSION", "ARCHS"}
    for name in placeholders:
        assert f"s/@{name}@/" in script
    root = ET.fromstring(text)
    domains = root.find("domains")
    assert domains is not None and domains.attrib == {
        "enable_anywhere": "false", "enable_currentUserHome": "false", "enable_localSystem": "true"}
    pkg_ref = root.find("pkg-ref[@version]")
    assert pkg_ref is not None and pkg_ref.text == "Assist-component.pkg"
    assert "Assist-component.pkg" in script


@pytest.mark.skipif(sys.platform == "darwin", reason="on a Mac the recipe runs")
def test_the_recipe_refuses_to_run_off_a_mac_with_one_clear_line() -> None:
    done = subprocess.run(["bash", str(HERE / "build_pkg.sh")], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == "build_pkg.sh: runs on macOS only (pkgbuild and productbuild are Apple's tools)\n"
