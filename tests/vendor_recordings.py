"""Written recordings for vendor definitions no recorded device exercises (no corpus walk holds a
LaCie NAS, a QuesCom gateway or a Kyocera's counters): each is the minimal system group and the
OIDs its vendor's MIB defines, as `.snmprec` lines. test_vendor_definitions.py proves every
definition in netinv_tui/core/vendors/defs is exercised by a real recording or by one of these."""

from __future__ import annotations

from written import interfaces

LINUX = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n1.3.6.1.2.1.1.5.0|4|box\n"


def linux(descr: str = "Linux box 5.10.0 #1 SMP x86_64") -> str:
    return f"1.3.6.1.2.1.1.1.0|4|{descr}\n" + LINUX + interfaces(1, 2)


def printer(sysobjectid: str, descr: str) -> str:
    return (
        f"1.3.6.1.2.1.1.1.0|4|{descr}\n1.3.6.1.2.1.1.2.0|6|{sysobjectid}\n1.3.6.1.2.1.1.5.0|4|prn\n"
        "1.3.6.1.2.1.43.10.2.1.4.1.1|65|1000\n" + interfaces(1)
    )


WRITTEN: dict[str, str] = {
    # a Zebra ZT printer (ZEBRA-MIB zbrGeneralInfo) with its serial and Link-OS version; the ZebraNet
    # print server of tests/recordings/librenms/zebra.snmprec states neither
    "zebra": printer("1.3.6.1.4.1.10642.1.1.60", "Zebra ZT410") + "1.3.6.1.4.1.10642.1.1.0|4|ZT410-300dpi ZPL\n"
    "1.3.6.1.4.1.10642.1.2.0|4|V75.20.21Z\n"
    "1.3.6.1.4.1.10642.1.9.0|4|18J152300123\n"
    "1.3.6.1.4.1.10642.1.11.0|4|Zebra Technologies\n"
    "1.3.6.1.4.1.10642.1.18.0|4|6.5\n",
    "qnap": linux() + "1.3.6.1.4.1.24681.2.2.12.0|4|TS-453D\n",
    "checkpoint": linux() + "1.3.6.1.4.1.2620.1.6.1.0|4|SVN Foundation\n"
    "1.3.6.1.4.1.2620.1.6.4.1.0|4|R81.10\n"
    "1.3.6.1.4.1.2620.1.6.16.3.0|4|LR201905001\n"
    "1.3.6.1.4.1.2620.1.6.16.7.0|4|Check Point 6200\n"
    "1.3.6.1.4.1.2620.1.6.16.9.0|4|Check Point Software Technologies Ltd.\n",
    "tp-link": linux("Linux TL-WR841N 2.6.31 #1 Mon Jan 1 00:00:00 CST 2018 mips"),
    "seagate": linux() + "1.3.6.1.2.1.25.2.3.1.3.31|4|/lacie/Share\n"
    "1.3.6.1.2.1.25.2.3.1.4.31|2|4096\n"
    "1.3.6.1.2.1.25.2.3.1.5.31|2|1000\n"
    "1.3.6.1.6.3.10.2.1.1.0|4x|80001f8880c71100000000\n",
    "quescom": linux() + "1.3.6.1.4.1.2021.13.14.2.1.2.1|4|QuesComSnmpObject\n",
    # KYOCERA-Private-MIB counters, as the agents ask for them
    "kyocera": printer("1.3.6.1.4.1.1347.41", "KYOCERA Document Solutions Printing System")
    + "1.3.6.1.4.1.1347.43.10.1.1.12.1.1|65|51234\n"
    "1.3.6.1.4.1.1347.42.3.1.1.1.1.1|65|40000\n"
    "1.3.6.1.4.1.1347.42.3.1.1.1.1.2|65|11234\n",
    # CANON-MIB counter table: prints (301), copies (101), black copies large and small (112, 113)
    "canon": printer("1.3.6.1.4.1.1602.4.2", "Canon iR-ADV C5535") + "1.3.6.1.4.1.1602.1.11.1.3.1.4.301|65|7000\n"
    "1.3.6.1.4.1.1602.1.11.1.3.1.4.101|65|3000\n"
    "1.3.6.1.4.1.1602.1.11.1.3.1.4.112|65|200\n"
    "1.3.6.1.4.1.1602.1.11.1.3.1.4.113|65|1800\n",
    # KONICA-MINOLTA counters: black and colour prints and copies (their totals are derived), duplex
    "konica": printer("1.3.6.1.4.1.18334.1.1.1.2.1.110.1", "KONICA MINOLTA bizhub C364e")
    + "1.3.6.1.4.1.18334.1.1.1.5.7.2.1.1.0|2|90000\n"
    "1.3.6.1.4.1.18334.1.1.1.5.7.2.1.3.0|2|12000\n"
    "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.1|2|10000\n"
    "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.2|2|50000\n"
    "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.1|2|0\n"
    "1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.2|2|30000\n",
    # xcmHrDevDetailTable: prints, colour and black; scans to e-mail and to the network add up
    "xerox": printer("1.3.6.1.4.1.253.8.62.1.29.1.1", "Xerox AltaLink C8045")
    + "1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.1|65|8000\n"
    "1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.33|65|3000\n"
    "1.3.6.1.4.1.253.8.53.13.2.1.6.1.20.34|65|5000\n"
    "1.3.6.1.4.1.253.8.53.13.2.1.6.10.20.11|65|40\n"
    "1.3.6.1.4.1.253.8.53.13.2.1.6.10.20.12|65|2\n",
    # RICOH-PRIVATE-MIB engine counters: type codes in one column, counts in another
    "ricoh": printer("1.3.6.1.4.1.367.1.1", "RICOH MP C3004 1.00 / RICOH Network Printer C model")
    + "".join(
        f"1.3.6.1.4.1.367.3.2.1.2.19.5.1.2.{row}|2|{code}\n1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.{row}|2|{count}\n"
        for row, (code, count) in enumerate([(10, 5000), (400, 3000), (402, 500), (403, 100), (870, 70)], 1)
    ),
    # HP's engine impressions fill only what Printer-MIB leaves empty: TOTAL stays prtMarkerLifeCount's
    "hp-printer": printer("1.3.6.1.4.1.11.2.3.9.1", "HP ETHERNET MULTI-ENVIRONMENT")
    + "1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.5.0|2|1234\n"
    "1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.7.0|2|400\n"
    "1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.22.0|2|0\n",
    "brother": printer("1.3.6.1.4.1.2435.2.3.9.1", "Brother NC-8300h") + "1.3.6.1.4.1.2435.2.4.3.1240.1.3.0|4x|0102\n"
    "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.54.2.2.1.3.3|2|321\n",
}
