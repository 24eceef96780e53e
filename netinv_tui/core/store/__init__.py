"""The local SQLite store: subnets, hosts seen, scans, inventories and registered devices."""
