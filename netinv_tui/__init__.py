"""netinv: find and inventory network devices over SNMP; nothing is imported here so start-up stays fast."""

__version__ = "0.1.0"
