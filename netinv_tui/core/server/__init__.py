"""Talking to a GLPI / FusionInventory server: settings, protocol, HTTP client, outbox, agent loop."""
