"""The FusionInventory agent's netdiscovery of the recordings on loopback, as facts per address,
with the disagreements settled in test_disagreements.py corrected (fidelity.CORRECTIONS)."""

from __future__ import annotations

from pathlib import Path

from fidelity import CORRECTIONS, NAMES
from lxml import etree

ORACLE = Path(__file__).parent / "oracle" / "netdiscovery" / "loopback-127.0.0.8-24.xml"
FIRST = 10
BAR = 0.95
COMPARED = ("CONTACT", "DESCRIPTION", "DNSHOSTNAME", "FIRMWARE", "IPS", "LOCATION", "MAC", "MANUFACTURER", "MODEL",
            "SERIAL", "SNMPHOSTNAME", "TYPE", "UPTIME")  # fmt: skip


def devices(document: bytes) -> dict[str, dict[str, object]]:
    """Every DEVICE of one or several concatenated REQUESTs (the agent prints one per device)."""
    found: dict[str, dict[str, object]] = {}
    for part in document.split(b"<?xml"):
        if not part.strip():
            continue
        root = etree.fromstring(b"<?xml" + part)
        for device in root.iter("DEVICE"):
            facts: dict[str, object] = {}
            for child in device:
                facts[child.tag] = {ip.text for ip in child} if child.tag == "IPS" else child.text
            found[str(facts["IP"])] = facts
    return found


def corrected_agent() -> dict[str, dict[str, object]]:
    agent = devices(ORACLE.read_bytes())
    for n, name in enumerate(NAMES):
        facts = agent[f"127.0.0.{FIRST + n}"]
        for correction in CORRECTIONS:
            tag = correction.path.removeprefix("INFO/")
            if correction.recording == name and tag in facts and facts[tag] == correction.agent:
                facts[tag] = correction.right
        if isinstance(facts.get("IPS"), set):
            # a switch's own 127.0.0.1 addresses nothing on the network, and the polled address is IP
            facts["IPS"] = {ip for ip in facts["IPS"] if not ip.startswith("127.")}  # type: ignore[union-attr]
    return agent
