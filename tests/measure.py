"""Run a command in a child of its own and measure it: its result, wall seconds and peak memory
(the child's maximum resident set, which RUSAGE_CHILDREN reports for the probe's one child)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.monotonic()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)\n"
    "print(json.dumps({'rc': done.returncode, 'out': done.stdout, 'err': done.stderr,"
    " 'seconds': time.monotonic() - start,"
    " 'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
)


def measured(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float, float]:
    ran = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True, timeout=180)
    found = json.loads(ran.stdout)
    return (
        subprocess.CompletedProcess(command, found["rc"], found["out"], found["err"]),
        found["seconds"],
        found["peak_mb"],
    )
