"""The dashboard face: a Textual app over the same core functions as the CLI."""

from __future__ import annotations


def run(demo: bool = False) -> int:
    """Open the dashboard; with demo, on the bundled lab of recorded devices (stopped on exit)."""
    if demo:
        from netinv_tui.core.paths import use_demo_data

        use_demo_data()
    from netinv_tui.core import children, crashlog
    from netinv_tui.tui.app import NetinvApp

    crashlog.capture_library_logs()
    app = NetinvApp(demo=demo)
    try:
        app.run()
    finally:
        app.stop_lab()
    if children.stopped_by():  # the app may have ended on its own first: a hung-up terminal's end of input
        return children.exit_status()
    return app.return_code or 0
