#!/usr/bin/env python3
"""Save an SVG (and a PNG, with cairosvg) of every pane of the dashboard, driven on the demo lab.

    python3 scripts/screenshots.py [--out screenshots] [--only NAME ...]

The lab is the bundled recordings served by snmpsim on 127.0.0.1; profiles live in a temporary
folder, so the user's own are never read or touched. No packet leaves loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--only", nargs="*", default=[], help="scene names")
    args = parser.parse_args()

    private = Path(tempfile.mkdtemp(prefix="netinv-shots-"))
    os.environ["NETINV_CONFIG_DIR"] = str(private / "config")
    os.environ["NETINV_DATA_DIR"] = str(private / "data")

    from scenes import SCENES, install_profiles  # beside this script

    from netinv_tui.core.lab import start_lab
    from netinv_tui.tui.app import NetinvApp

    try:
        import cairosvg  # type: ignore[import-untyped]
    except ImportError:  # needs libcairo2; SVGs are the reference anyway
        cairosvg = None

    args.out.mkdir(parents=True, exist_ok=True)
    scenes = [s for s in SCENES if not args.only or s.name in args.only]
    lab = start_lab()
    try:
        for scene in scenes:
            (private / "config" / "profiles.json").unlink(missing_ok=True)
            (private / "data" / "history.json").unlink(missing_ok=True)
            (private / "data" / "netinv.sqlite").unlink(missing_ok=True)  # each scene starts from no scan
            (private / "config" / "servers.json").unlink(missing_ok=True)
            install_profiles(scene)
            app = NetinvApp(lab=lab)

            async def shoot(app: NetinvApp = app, scene=scene) -> str:  # type: ignore[no-untyped-def]
                async with app.run_test(size=scene.size) as pilot:
                    await scene.play(pilot)
                    await pilot.pause()
                    return app.export_screenshot(title=f"netinv: {scene.caption}")

            svg = asyncio.run(shoot())
            target = args.out / f"{scene.name}.svg"
            target.write_text(svg)
            if cairosvg is not None:
                cairosvg.svg2png(bytestring=svg.encode(), write_to=str(target.with_suffix(".png")), output_width=1600)
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: {scene.caption}")
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
