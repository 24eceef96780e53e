#!/usr/bin/env python3
"""Every figure of the performance issue in one run, each benchmark as its own process (so one's
imports and caches never help another), their outputs one after the other:

    .venv/bin/python bench/all.py [--quick]

1. inventory: each recording, netinv and the FusionInventory agent side by side (bench/inventory.py)
2. discovery: a sweep of the recordings on loopback, netinv and the agent (bench/discovery.py)
3. dashboard: time to the first frame on a pseudo-terminal (bench/startup.py)
4. scale: 100 and 1,000 simulated devices in one run (one process, then one per core), replayed,
   and in one agent round of a server task; both agents' rounds on a sample (bench/scale.py)
5. replay: CPU per 10,000 varbinds over the corpus (bench/replay_cpu.py)

--quick runs each once, with 100 and 300 devices for the scale. Nothing leaves loopback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    runs = ["--runs", "1" if quick else "3"]
    steps = [
        ("inventory", ["inventory.py", *runs]),
        ("discovery", ["discovery.py", *runs]),
        ("dashboard first frame", ["startup.py", "--runs", "3" if quick else "10"]),
        ("scale", ["scale.py", "--devices", *(["100", "300"] if quick else ["100", "1000"])]),
        ("replay CPU", ["replay_cpu.py", *runs]),
    ]
    failed = 0
    for title, command in steps:
        print(f"\n## {title}: bench/{' '.join(command)}", flush=True)
        failed += (
            subprocess.run([sys.executable, str(HERE / command[0]), *command[1:]], cwd=HERE.parent).returncode != 0
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
