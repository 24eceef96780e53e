"""The core: profiles, SNMP, collectors, model and writers; it imports no face (textual, rich, typer)."""
