"""Panes and widgets of the dashboard."""
