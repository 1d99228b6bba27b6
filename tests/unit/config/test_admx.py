"""The Group Policy template cannot drift from the code: every ADMX policy writes a real setting, in a registry
type and value the reader (assist/config/policy_registry.py) accepts, with its lock where the reader looks;
every string and presentation it names is in the en-US ADML; every setting IT may set has a policy."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from assist.config import policy_registry, settings
from assist.config.policy import check_value
from assist.config.policy_registry import KEY_PATH, LOCKED_SUBKEY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ

ROOT = Path(__file__).resolve().parents[3] / "packaging" / "windows" / "policy"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
# Settings a policy does not cover, and why: the agent's own name signs their replies (a machine-wide value
# would sign everyone's with one name).
USER_ONLY = {"agent_name"}
TEXT_SAMPLES = {"model_sha256": "0123456789abcdef" * 4, "server_url": "http://llm.internal:8080/v1"}
VALUE_TAGS = {"text", "enum", "decimal", "boolean", "multiText"}
CONTROL_TAGS = {"textBox", "dropdownList", "decimalTextBox", "checkBox", "multiTextBox"}
CONTROL_FOR = {"text": "textBox", "enum": "dropdownList", "decimal": "decimalTextBox", "boolean": "checkBox",
               "multiText": "multiTextBox"}


def _tag(element: ET.Element) -> str:
    return element.tag.split("}")[1]


@pytest.fixture(scope="module")
def admx() -> ET.Element:
    return ET.parse(ROOT / "assist.admx").getroot()


@pytest.fixture(scope="module")
def adml() -> ET.Element:
    return ET.parse(ROOT / "en-US" / "assist.adml").getroot()


def _policies(admx: ET.Element) -> list[ET.Element]:
    found = admx.findall("p:policies/p:policy", NS)
    assert found, "no policies in assist.admx"
    return found


def _elements(policy: ET.Element) -> list[ET.Element]:
    found = policy.find("p:elements", NS)
    return [] if found is None else list(found)  # not `or []`: an Element's truth value is its child count


def _value_element(policy: ET.Element) -> ET.Element:
    elements = [e for e in _elements(policy) if _tag(e) in VALUE_TAGS and e.get("id") != "Lock"]
    assert len(elements) == 1, f"{policy.get('name')}: one value element expected, found {len(elements)}"
    return elements[0]


def _decimal(element: ET.Element, which: str) -> int:
    found = element.find(f"p:{which}/p:decimal", NS)
    assert found is not None, f"{element.get('valueName')}: no {which}"
    return int(found.get("value", ""))


def _samples(element: ET.Element, default: Any) -> list[tuple[int, Any]]:
    """(registry type, data) the element can write, the limits and every choice included."""
    tag = _tag(element)
    if tag == "boolean":
        return [(REG_DWORD, _decimal(element, "trueValue")), (REG_DWORD, _decimal(element, "falseValue"))]
    if tag == "decimal":
        assert element.get("storeAsText", "false") == "false", "a number is a REG_DWORD, not text"
        return [(REG_DWORD, int(element.get("minValue", "0"))), (REG_DWORD, int(element.get("maxValue", "9999")))]
    if tag == "enum":
        values = [item.find("p:value/p:string", NS) for item in element.findall("p:item", NS)]
        assert values and all(v is not None for v in values)
        return [(REG_SZ, v.text or "") for v in values if v is not None]
    if tag == "multiText":
        return [(REG_MULTI_SZ, ["https://acme.zendesk.com", "https://chat.acme.example/app"])]
    kind = REG_EXPAND_SZ if element.get("expandable") == "true" else REG_SZ
    sample = TEXT_SAMPLES.get(element.get("valueName", ""), "C:/ProgramData/Assist/x")
    return [(kind, sample), (kind, "")]


def test_every_policy_writes_a_setting_the_reader_accepts_with_its_lock(admx: ET.Element) -> None:
    defaults = settings.defaults()
    for policy in _policies(admx):
        name = policy.get("name")
        assert policy.get("key") == KEY_PATH, name
        element = _value_element(policy)
        key = element.get("valueName", "")
        assert key in defaults, f"{name}: {key!r} is not a setting"
        assert element.get("key") in (None, KEY_PATH), f"{name}: the value belongs in {KEY_PATH}"
        for kind, data in _samples(element, defaults[key]):
            layer, _ = policy_registry.layer_from_values("HKLM", [(key, kind, data)], None, defaults)
            assert layer.problems == [] and key in layer.values, (name, kind, data, layer.problems)
        if _tag(element) == "decimal":  # the template's limits are the code's limits
            assert check_value(key, int(element.get("minValue", "0")) - 1, defaults[key]), f"{name}: min too low"
            assert check_value(key, int(element.get("maxValue", "0")) + 1, defaults[key]), f"{name}: max too high"
        locks = [e for e in _elements(policy) if e.get("id") == "Lock"]
        assert len(locks) == 1 and _tag(locks[0]) == "boolean", f"{name}: one Lock checkbox"
        lock = locks[0]
        assert lock.get("key") == f"{KEY_PATH}\\{LOCKED_SUBKEY}" and lock.get("valueName") == key, name
        _, locked = policy_registry.layer_from_values(
            "HKLM", [(key, *_samples(element, defaults[key])[0])],
            [(key, REG_DWORD, _decimal(lock, "trueValue")), ("theme" if key != "theme" else "engine", REG_DWORD,
                                                            _decimal(lock, "falseValue"))], defaults)
        assert locked == [key], f"{name}: ticked locks it, unticked does not"


def test_every_setting_it_may_set_has_exactly_one_policy(admx: ET.Element) -> None:
    keys = [_value_element(p).get("valueName") for p in _policies(admx)]
    assert len(keys) == len(set(keys)), "a setting with two policies"
    missing = set(settings.defaults()) - USER_ONLY - set(keys)
    assert not missing, f"settings without a policy in assist.admx: {sorted(missing)}"
    assert not USER_ONLY & set(keys)


def test_every_reference_resolves_in_the_adml(admx: ET.Element, adml: ET.Element) -> None:
    strings = {s.get("id"): s.text or "" for s in adml.findall("p:resources/p:stringTable/p:string", NS)}
    presentations = {p.get("id"): p for p in adml.findall("p:resources/p:presentationTable/p:presentation", NS)}
    text = (ROOT / "assist.admx").read_text(encoding="utf-8")
    for ref in re.findall(r"\$\(string\.([^)]+)\)", text):
        assert strings.get(ref, "").strip(), f"$(string.{ref}) is not in the ADML"
    for ref in re.findall(r"\$\(presentation\.([^)]+)\)", text):
        assert ref in presentations, f"$(presentation.{ref}) is not in the ADML"
    categories = {c.get("name") for c in admx.findall("p:categories/p:category", NS)}
    supported = {d.get("name") for d in admx.findall("p:supportedOn/p:definitions/p:definition", NS)}
    for policy in _policies(admx):
        name = policy.get("name")
        parent = policy.find("p:parentCategory", NS)
        assert parent is not None and parent.get("ref") in categories, name
        on = policy.find("p:supportedOn", NS)
        assert on is not None and on.get("ref") in supported, name
        presentation = presentations[(policy.get("presentation") or "")[len("$(presentation."):-1]]
        controls = {c.get("refId", ""): _tag(c) for c in presentation if _tag(c) in CONTROL_TAGS}
        elements = {e.get("id", ""): _tag(e) for e in _elements(policy)}
        assert set(controls) == set(elements), f"{name}: presentation {sorted(controls)} vs elements {sorted(elements)}"
        assert all(controls[i] == CONTROL_FOR[t] for i, t in elements.items()), name
        explain = strings[(policy.get("explainText") or "")[len("$(string."):-1]]
        key = _value_element(policy).get("valueName")
        assert "Lock: ticked, users cannot change" in explain and f"Locked\\{key}" in explain, name
