"""`python -m netinv_tui` runs the same CLI as the `netinv` script."""

from netinv_tui.cli import main

main()
