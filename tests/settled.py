"""Settled disagreements: facts where an agent's document is wrong, and why, from the recording.

Each entry corrects one agent's document (or both: agent "*") before the corpus scoreboard and
the fidelity tests compare netinv with it. `why` says what the MIB or the recording shows; a test
in test_disagreements.py or test_corpus.py proves each from the recording itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class Settled:
    recording: str
    agent: str  # "fusion", "glpi", or "*" for both
    path: str  # element path under DEVICE (ElementPath: [TAG='text'] picks a port)
    wrote: str  # what the agent wrote there; "*": whatever it wrote
    right: str  # "" removes the element: the agent wrote a fact the device does not state
    why: str
    every: bool = False  # correct every element at `path` holding `wrote`, not just the one


def _from_fidelity() -> tuple[Settled, ...]:
    from fidelity import CORRECTIONS

    return tuple(Settled(c.recording, "fusion", c.path, c.agent, c.right, c.why, c.every) for c in CORRECTIONS)


SETTLED: tuple[Settled, ...] = _from_fidelity()


def apply_settled(recording: str, agent: str, document: bytes) -> bytes:
    """The agent's document with every settled fact corrected; an entry that no longer matches
    anything fails loudly, so the table never outlives what it corrects."""
    entries = [s for s in SETTLED if s.recording == recording and s.agent in (agent, "*")]
    if not entries:
        return document
    tree = etree.fromstring(document)
    for entry in entries:
        found = tree.findall(f"CONTENT/DEVICE/{entry.path}")
        nodes = [n for n in found if entry.wrote in ("*", n.text)]
        if entry.agent != "*":
            assert nodes and (entry.every or len(nodes) == 1), entry
        for node in nodes:
            if entry.right:
                node.text = entry.right
            else:
                node.getparent().remove(node)
    return etree.tostring(tree)
