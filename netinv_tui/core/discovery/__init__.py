"""Finding the devices of a network: address ranges, liveness probes, identification, the sweep."""
