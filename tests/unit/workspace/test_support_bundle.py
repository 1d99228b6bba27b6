"""`assist support-bundle`: a real zip from the demo workspace, grepped for the demo customers' names and
emails and for a token planted in the keychain and in a log file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from assist.base import paths
from assist.base.errors import InputError
from assist.config import secrets
from assist.store.sync_state import ConnectorRecord
from assist.workspace import doctor, support_bundle
from assist.workspace.workspace import Workspace

PLANTED = "zd-TOKEN-9f8e7d6c5b4a"


def _demo(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "demo"
    ws = Workspace.open(folder, demo_mode=True)
    try:
        with ws.store.database.read() as db:
            people = [(r["name"], r["email"]) for r in db.query("SELECT name, email FROM customers")]
        record = ConnectorRecord("zendesk", "zendesk", "https://northwind.zendesk.example", "sam@northwind.example")
        ws.store.sync.add_connector(record)
        secrets.set_token(record.keychain_account, PLANTED)
    finally:
        ws.close()
    found = [value for person in people for value in person if value]
    assert len(found) >= 6  # the demo has customers with names and emails
    return folder, found


def _texts(bundle: Path) -> dict[str, str]:
    with zipfile.ZipFile(bundle) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist()}


def test_the_bundle_has_logs_doctor_and_settings_but_no_customer_text_or_secret(
        tmp_path: Path, plaintext_keychain: object) -> None:
    folder, identities = _demo(tmp_path)
    name, email = identities[0], identities[1]
    paths.log_dir().mkdir(parents=True, exist_ok=True)
    (paths.log_dir() / "assist-20261201-1.log").write_text(
        f"INFO sync: fetched ticket for {name} <{email}>\n"
        f"WARNING http: 401 with token {PLANTED}\n"
        f"DEBUG http: response echoed {PLANTED} back\n"
        "WARNING http: Authorization: Bearer sk-live-abcdef123456 rejected\n"
        "ERROR reply: customer wrote card 4111 1111 1111 1111 and phone +44 20 7946 0958\n", encoding="utf-8")
    (paths.log_dir() / "crash-20261201.log").write_text(f"Traceback ... {email.upper()}\n", encoding="utf-8")
    result = support_bundle.build(tmp_path, data_dir=folder,
                                  checks=lambda: [doctor.check_settings(), doctor.check_database(folder, False)])
    texts = _texts(Path(result["bundle"]))
    assert {"manifest.json", "doctor.json", "settings.json", "logs/assist-20261201-1.log",
            "logs/crash-20261201.log"} <= set(texts)
    everything = "\n".join(texts.values()).lower()
    for needle in [*identities, PLANTED, "sk-live-abcdef123456", "4111 1111 1111 1111", "7946 0958"]:
        assert needle.lower() not in everything, needle
    log_text = texts["logs/assist-20261201-1.log"]
    assert "[customer]" in log_text and "[secret]" in log_text and "**** **** **** 1111" in log_text
    rows = {row["key"]: row for row in json.loads(texts["settings.json"])}
    assert rows["theme"]["origin"] == "built_in"
    assert json.loads(texts["doctor.json"])["checks"][1]["name"] == "database"
    assert sorted(json.loads(texts["manifest.json"])["log_files"]) == ["logs/assist-20261201-1.log",
                                                                       "logs/crash-20261201.log"]


def test_a_path_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"ending in \.zip"):
        support_bundle.build(tmp_path / "bundle.txt", checks=lambda: [])
    assert not (tmp_path / "bundle.txt").exists()
