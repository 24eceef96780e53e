#!/usr/bin/env python3
"""CPU netinv spends turning answers into a device, per 10,000 varbinds, on every corpus walk and
recording replayed in process (`netinv inventory --file`'s path): no network, no BER, so what it
measures is the walking, the collectors and the model, the part both transports share.

    .venv/bin/python bench/replay_cpu.py [--runs 3]

Loading a recording is left out of the clock (a live device sends its answers instead).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sources() -> list[Path]:
    walks = sorted((ROOT / "tests" / "corpus" / "walks").glob("*.walk"))
    recordings = sorted((ROOT / "tests" / "recordings").glob("*.snmprec"))
    return [p for p in walks + recordings if "@" not in p.name]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from netinv_tui.core.inventory import inventory_session
    from netinv_tui.core.snmp.replay import ReplaySession, load_recording

    loaded = [(path, load_recording(path)) for path in sources()]
    totals = []
    varbinds = 0
    for _ in range(args.runs):
        cpu = 0.0
        varbinds = 0
        for path, rows in loaded:
            session = ReplaySession(rows, host=str(path), path=path)
            started = time.process_time()
            asyncio.run(inventory_session(session))
            cpu += time.process_time() - started
            varbinds += session.budget.rows_read
        totals.append(cpu)
    cpu = statistics.median(totals)
    print(f"replay of {len(loaded)} walks and recordings, median of {args.runs}: {varbinds} varbinds walked, "
          f"{cpu:.2f} s CPU, {cpu / varbinds * 10_000:.3f} s CPU per 10,000 varbinds")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
