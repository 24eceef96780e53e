"""The `netinv` command: one click group, a module per family of commands, errors as one line on stderr.

Unix habits, as `git`, `ip` or `nmap` have them: `-h`/`--help` everywhere, `--version`, `-q`,
`--format json` for every listing, shell completion (`netinv completion bash`), data on stdout and
everything else on stderr, one line per error and no traceback (a full one goes to netinv.log).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args in ([], ["demo"]) and "_NETINV_COMPLETE" not in os.environ:
        # The dashboard without importing click (cli/commands): the first frame sooner.
        if args == ["demo"]:
            from netinv_tui.core.errors import NetinvError
            from netinv_tui.core.paths import use_demo_data

            try:
                use_demo_data()
            except NetinvError as error:  # a data folder refused: one line, as every command says it
                print(f"netinv: error: {error}", file=sys.stderr)
                sys.exit(error.exit_code)
        from netinv_tui.tui import run

        sys.exit(run(demo=args == ["demo"]))
    from netinv_tui.cli.commands import run_cli

    run_cli(args)
