"""Made-up switches whose LLDP tables name each other, for the crawl tests: no capture holds
several devices of one network, so these recordings are written here (like tests/recordings/own).

Each switch has two ports, Gi0/1 and Gi0/2, and on each port at most one LLDP neighbour: its
system name, its port Gi0/1, and its management address (lldpRemManAddrTable, IPv4).
"""

from __future__ import annotations

from pathlib import Path

#: name -> (its MAC's last byte, [(local port, neighbour name, neighbour address)])
Closet = dict[str, tuple[int, list[tuple[int, str, str]]]]


def recording(name: str, last: int, neighbours: list[tuple[int, str, str]]) -> str:
    rows = {
        "1.3.6.1.2.1.1.1.0": f"4|netinv crawl test switch {name}",
        "1.3.6.1.2.1.1.2.0": "6|1.3.6.1.4.1.8072.3.2.10",
        "1.3.6.1.2.1.1.5.0": f"4|{name}",
        "1.3.6.1.2.1.17.1.1.0": f"4x|00005e0053{last:02x}",
    }
    for port in (1, 2):
        rows[f"1.3.6.1.2.1.2.2.1.2.{port}"] = f"4|Gi0/{port}"
        rows[f"1.3.6.1.2.1.2.2.1.3.{port}"] = "2|6"
        rows[f"1.3.6.1.2.1.2.2.1.8.{port}"] = "2|1"
        rows[f"1.3.6.1.2.1.31.1.1.1.1.{port}"] = f"4|Gi0/{port}"
        rows[f"1.0.8802.1.1.2.1.3.7.1.3.{port}"] = f"4|Gi0/{port}"
    for port, other, address in neighbours:
        index = f"0.{port}.1"
        octet = int(address.rsplit(".", 1)[1])
        rows[f"1.0.8802.1.1.2.1.4.1.1.4.{index}"] = "2|4"
        rows[f"1.0.8802.1.1.2.1.4.1.1.5.{index}"] = f"4x|00005e0053{octet:02x}"
        rows[f"1.0.8802.1.1.2.1.4.1.1.6.{index}"] = "2|5"
        rows[f"1.0.8802.1.1.2.1.4.1.1.7.{index}"] = "4|Gi0/1"
        rows[f"1.0.8802.1.1.2.1.4.1.1.9.{index}"] = f"4|{other}"
        rows[f"1.0.8802.1.1.2.1.4.2.1.3.{index}.1.4.{address}"] = "2|2"
    ordered = sorted(rows, key=lambda oid: tuple(int(arc) for arc in oid.split(".")))
    return "".join(f"{oid}|{rows[oid]}\n" for oid in ordered)


def write(closet: Closet, folder: Path) -> dict[str, Path]:
    """Each switch's recording in `folder`: name -> path."""
    paths = {}
    for name, (last, neighbours) in closet.items():
        paths[name] = folder / f"{name}.snmprec"
        paths[name].write_text(recording(name, last, neighbours))
    return paths
