"""HOST-RESOURCES-MIB (and UCD / Cisco fallbacks) memory, and CPU load, in MiB and percent.

MEMORY is the device's memory (the inventory protocol's "total system memory", which GLPI keeps as
the device's RAM): the total the device states, hrMemorySize or UCD memTotalReal (KiB), else a
vendor's total (the hook point `memory_total`: Junos' routing engine), else the first hrStorageRam
row that is the memory itself, scaled by its allocation units. A RAM row that is a pool or a file
system held in RAM (a buffer pool, a tmpfs mount) is a part of it, never the total. Both agents
take row 1 whatever it is (a Junos root file system) and divide its raw size by 2^20 as if it were
bytes, which understates it 1024-fold on most agents. No total and no such row, no MEMORY.
"""

from __future__ import annotations

import re

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int, as_text

SCALARS = oids(
    hr_memory_size="1.3.6.1.2.1.25.2.2.0",  # KiB
    mem_total_real="1.3.6.1.4.1.2021.4.5.0",  # UCD-SNMP-MIB, KiB
    cisco_processor_ram="1.3.6.1.4.1.9.3.6.6.0",  # bytes
    cpm_cpu_total_5sec_rev="1.3.6.1.4.1.9.9.109.1.1.1.1.6.1",
    cpm_cpu_total_5sec="1.3.6.1.4.1.9.9.109.1.1.1.1.3.1",
)
STORAGE = oids(
    hr_storage_type="1.3.6.1.2.1.25.2.3.1.2",
    hr_storage_descr="1.3.6.1.2.1.25.2.3.1.3",  # mount points tell some Linux appliances apart
    hr_storage_allocation_units="1.3.6.1.2.1.25.2.3.1.4",
    hr_storage_size="1.3.6.1.2.1.25.2.3.1.5",
)
MIB = 1024 * 1024
HR_STORAGE_RAM = "1.3.6.1.2.1.25.2.1.2"
#: hrStorageRam rows that hold a part of the memory: packet buffer pools, caches, RAM file systems.
PART_OF_MEMORY = re.compile(r"\bbuffers?\b|\bcache\b|tmpfs|mounted on", re.IGNORECASE)


def memory_mib(answers: Answers) -> int | None:
    """The device's memory in MiB, by the rule of the module's docstring."""
    for name in ("hr_memory_size", "mem_total_real"):
        kib = as_int(answers.scalar(name))
        if kib is not None and kib > 0:
            return kib // 1024
    vendor = answers.bends.get("memory_total")
    total = vendor(answers) if vendor is not None else None
    if total:
        return int(total)
    rows = answers.values("storage")
    for row in rows.values():
        described = as_text(row.get("hr_storage_descr")) or ""
        if row.get("hr_storage_type") != HR_STORAGE_RAM or PART_OF_MEMORY.search(described):
            continue
        units = as_int(row.get("hr_storage_allocation_units", 1))
        size = as_int(row.get("hr_storage_size"))
        if size is not None and size >= 0:
            return size * (units or 1) // MIB
    return None


def parse(answers: Answers, device: Device) -> None:
    kib = as_int(answers.scalar("mem_total_real"))
    if kib is None:
        ram_bytes = as_int(answers.scalar("cisco_processor_ram"))
        kib = ram_bytes // 1024 if ram_bytes is not None else as_int(answers.scalar("hr_memory_size"))
    if kib is not None and kib >= 0:
        device.ram_mb = kib // 1024
    device.memory_mb = memory_mib(answers)
    for name in ("cpm_cpu_total_5sec_rev", "cpm_cpu_total_5sec"):
        cpu = as_int(answers.scalar(name))
        if cpu is not None:
            device.cpu = cpu
            break


#: after system: a vendor total is bent in by the definition the sysObjectID selects
AREA = Area("host_resources", parse, scalars=SCALARS, tables={"storage": STORAGE}, after=("system",))
