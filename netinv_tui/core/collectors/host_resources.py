"""HOST-RESOURCES-MIB (and UCD / Cisco fallbacks) memory, and CPU load, in MiB and percent.

MEMORY is the first hrStorage entry of type hrStorageRam, scaled by its allocation units. Both
agents take row 1 whatever it is (a Junos root file system) and divide its raw size by 2^20 as if
it were bytes, which understates it 1024-fold on most agents. No RAM row, no MEMORY; an agent that
does not say its storage types gets its first row, as before.
"""

from __future__ import annotations

from netinv_tui.core.collectors.base import Answers, Area, oids
from netinv_tui.core.model import Device
from netinv_tui.core.snmp.values import as_int

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


def parse(answers: Answers, device: Device) -> None:
    kib = as_int(answers.scalar("mem_total_real"))
    if kib is None:
        ram_bytes = as_int(answers.scalar("cisco_processor_ram"))
        kib = ram_bytes // 1024 if ram_bytes is not None else as_int(answers.scalar("hr_memory_size"))
    if kib is not None and kib >= 0:
        device.ram_mb = kib // 1024
    rows = answers.values("storage")
    typed = any("hr_storage_type" in row for row in rows.values())
    ram = [i for i, row in sorted(rows.items()) if row.get("hr_storage_type") == HR_STORAGE_RAM]
    chosen = ram[0] if ram else (min(rows) if rows and not typed else None)
    if chosen is not None:
        first = rows[chosen]
        units = as_int(first.get("hr_storage_allocation_units", 1))
        size = as_int(first.get("hr_storage_size"))
        if size is not None and size >= 0:
            device.memory_mb = size * (units or 1) // MIB
    for name in ("cpm_cpu_total_5sec_rev", "cpm_cpu_total_5sec"):
        cpu = as_int(answers.scalar(name))
        if cpu is not None:
            device.cpu = cpu
            break


AREA = Area("host_resources", parse, scalars=SCALARS, tables={"storage": STORAGE})
