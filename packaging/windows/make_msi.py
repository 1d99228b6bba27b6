#!/usr/bin/env python3
"""Build the Assist MSI from a PyInstaller one-folder build with wixl (msitools).

    python packaging/windows/make_msi.py dist/assist -o dist/assist-0.1.0-x64.msi

It writes payload.wxs (one component per file of the build folder, in ComponentGroup "Payload") next to
the output, then compiles it with packaging/windows/assist.wxs (product, shortcut, upgrade, removal rules).
wixl runs on Linux (Debian/Ubuntu package `wixl`), so CI builds the Windows MSI on a Linux runner from the
Windows build folder.

--linux-payload compiles against a Linux build folder, so the WiX source is checked on every CI run here
without a Windows build: its two launchers `assist` and `assist-gui` go into the MSI as `assist.exe` and
`assist-gui.exe`, the names the shortcut and IT scripts use. That MSI is a compile check, not an installer.

Standard library only: it runs with any Python 3.11+, not only the project's venv.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
LAUNCHERS = ("assist", "assist-gui")
# Component GUIDs are derived from the install path, so a file keeps its component across versions
# (Windows Installer's component rules) and a rebuild gives the same MSI tables.
GUID_NAMESPACE = uuid.UUID("6E0C2B0E-6A53-4C6B-9E0F-0A55157A0002")


class MsiError(Exception):
    """A bad input or a failed tool, said in one line."""


def read_version() -> str:
    text = (ROOT / "assist" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise MsiError("assist/__init__.py has no __version__ line")
    return match.group(1)


def msi_version(version: str) -> str:
    """MSI ProductVersion: up to three numbers (major < 256, minor < 256, build < 65536)."""
    match = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?(?:[.+-].*)?", version)
    if not match:
        raise MsiError(f"version {version!r} does not start with MAJOR.MINOR[.PATCH]")
    major, minor, patch = int(match[1]), int(match[2]), int(match[3] or 0)
    if major > 255 or minor > 255 or patch > 65535:
        raise MsiError(f"version {version!r} is out of MSI's range (255.255.65535)")
    return f"{major}.{minor}.{patch}"


def _ident(prefix: str, rel: str) -> str:
    # MSI identifiers: at most 72 characters of [A-Za-z0-9_.], so paths are hashed, not spelled.
    return prefix + hashlib.sha1(rel.lower().encode("utf-8")).hexdigest()[:20]


def _guid(rel: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, rel.lower())).upper()


def installed_name(path: Path, payload: Path, linux_payload: bool) -> str:
    """The file's name under Program Files\\Assist (the launchers gain .exe for a Linux payload)."""
    if linux_payload and path.parent == payload and path.name in LAUNCHERS:
        return path.name + ".exe"
    return path.name


def check_payload(payload: Path, linux_payload: bool) -> None:
    if not payload.is_dir():
        raise MsiError(f"build folder not found: {payload}")
    suffix = "" if linux_payload else ".exe"
    missing = [n + suffix for n in LAUNCHERS if not (payload / (n + suffix)).is_file()]
    if missing:
        hint = "" if linux_payload else " (for a Linux build folder, pass --linux-payload)"
        raise MsiError(f"{payload} is not an Assist build folder: {', '.join(missing)} missing{hint}")
    if not (payload / "_internal").is_dir():
        raise MsiError(f"{payload} has no _internal folder: not a PyInstaller one-folder build")


def payload_wxs(payload: Path, linux_payload: bool, base: Path) -> tuple[ET.ElementTree, int, list[str]]:
    """A WiX fragment installing every file of `payload` under INSTALLDIR, the file count, the links skipped.

    Sources are relative to `base` (the fragment's folder): wixl 0.101 (Debian 12) rejects absolute ones,
    and searches each input file's folder in command-line order, so the fragment goes first.
    A Linux build may hold dangling symlinks (PyInstaller links to libraries the spec then leaves out); they
    are skipped and listed. A Windows build has no symlinks, so there one is an error.
    """
    ET.register_namespace("", WIX_NS)
    wix = ET.Element(f"{{{WIX_NS}}}Wix")
    fragment = ET.SubElement(wix, f"{{{WIX_NS}}}Fragment")
    root_ref = ET.SubElement(fragment, f"{{{WIX_NS}}}DirectoryRef", Id="INSTALLDIR")
    group = ET.SubElement(fragment, f"{{{WIX_NS}}}ComponentGroup", Id="Payload")
    seen: dict[str, str] = {}
    visited: set[Path] = set()
    skipped: list[str] = []
    count = 0

    def add_component(parent: ET.Element, rel: str) -> ET.Element:
        cid = _ident("c", rel)
        comp = ET.SubElement(parent, f"{{{WIX_NS}}}Component", Id=cid, Guid=_guid(rel), Win64="yes")
        ET.SubElement(group, f"{{{WIX_NS}}}ComponentRef", Id=cid)
        return comp

    def walk(folder: Path, element: ET.Element, rel_dir: str) -> None:
        nonlocal count
        real = folder.resolve()
        if real in visited:
            raise MsiError(f"{folder} links back to a folder already packed (a symlink loop)")
        visited.add(real)
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
        if not entries:
            # Keep empty folders: some packages test that their data folder exists.
            comp = add_component(element, rel_dir + "/")
            ET.SubElement(comp, f"{{{WIX_NS}}}CreateFolder")
        for entry in entries:
            name = installed_name(entry, payload, linux_payload)
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if linux_payload and entry.is_symlink() and not entry.exists():
                skipped.append(rel)
                continue
            # Windows paths ignore case: two names differing only in case would overwrite each other.
            if rel.lower() in seen:
                raise MsiError(f"{rel} and {seen[rel.lower()]} are the same path on Windows")
            seen[rel.lower()] = rel
            if entry.is_dir():
                sub = ET.SubElement(element, f"{{{WIX_NS}}}Directory", Id=_ident("d", rel), Name=name)
                walk(entry, sub, rel)
            elif entry.is_file():
                comp = add_component(element, rel)
                ET.SubElement(comp, f"{{{WIX_NS}}}File", Id=_ident("f", rel), Name=name,
                              Source=os.path.relpath(entry.resolve(), base), KeyPath="yes")
                count += 1
            else:
                raise MsiError(f"{entry} is neither a file nor a folder (a broken symlink?)")

    walk(payload, root_ref, "")
    ET.indent(wix)
    return ET.ElementTree(wix), count, skipped


def find_wixl(explicit: str | None) -> str:
    wixl = explicit or shutil.which("wixl")
    if not wixl:
        raise MsiError("wixl not found: install it (Debian/Ubuntu: apt-get install wixl) or pass --wixl PATH")
    return wixl


def build(payload: Path, output: Path, *, version: str, manufacturer: str, linux_payload: bool,
          wixl: str | None = None) -> tuple[int, list[str]]:
    """Write `output` (the MSI) and `output`.payload.wxs; returns the number of files packed, links skipped."""
    check_payload(payload, linux_payload)
    output.parent.mkdir(parents=True, exist_ok=True)
    fragment = output.with_name(output.name + ".payload.wxs")
    tree, count, skipped = payload_wxs(payload, linux_payload, fragment.parent.resolve())
    tree.write(fragment, encoding="utf-8", xml_declaration=True)
    cmd = [find_wixl(wixl), "-a", "x64", "-D", f"Version={msi_version(version)}",
           "-D", f"Manufacturer={manufacturer}", "-o", str(output), str(fragment), str(HERE / "assist.wxs")]
    output.unlink(missing_ok=True)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.is_file():
        raise MsiError(f"wixl failed ({done.returncode}): {(done.stderr or done.stdout).strip()}")
    # wixl skips an attribute it does not know with only a GLib warning; that would silently drop a rule
    # (an upgrade option, a security flag), so it fails the build here.
    ignored = re.findall(r"has no property named '(\w+)'", done.stderr)
    if ignored:
        output.unlink()
        raise MsiError(f"wixl ignored these WiX attributes: {', '.join(sorted(set(ignored)))}")
    return count, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("payload", type=Path, help="the PyInstaller build folder (dist/assist)")
    parser.add_argument("-o", "--output", type=Path, help="the MSI to write (default dist/assist-VERSION-x64.msi)")
    parser.add_argument("--version", help="product version (default: assist/__init__.py)")
    parser.add_argument("--manufacturer", default=os.environ.get("ASSIST_MSI_MANUFACTURER", "Your organisation"),
                        help="shown in Apps & features (default: $ASSIST_MSI_MANUFACTURER or 'Your organisation')")
    parser.add_argument("--linux-payload", action="store_true",
                        help="compile against a Linux build folder (launchers without .exe): a CI check")
    parser.add_argument("--wixl", help="the wixl binary (default: wixl on PATH)")
    args = parser.parse_args(argv)
    try:
        version = args.version or read_version()
        output = args.output or ROOT / "dist" / f"assist-{version}-x64.msi"
        count, skipped = build(args.payload, output, version=version, manufacturer=args.manufacturer,
                      linux_payload=args.linux_payload, wixl=args.wixl)
    except MsiError as exc:
        print(f"make_msi: {exc}", file=sys.stderr)
        return 1
    for rel in skipped:
        print(f"make_msi: skipped a dangling symlink: {rel}", file=sys.stderr)
    print(f"{output}: {count} files, {output.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
