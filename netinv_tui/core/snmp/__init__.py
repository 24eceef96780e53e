"""SNMP access: one session interface, live (pysnmp) and replayed (recordings) implementations."""
