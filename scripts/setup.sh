#!/usr/bin/env bash
# Everything netinv and its tests need on a fresh Debian machine with Python 3.11:
# Net-SNMP (snmpd for the SNMPv3 tests, snmp tools), iproute2 (`ip netns` for the discovery lab),
# then the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v snmpd >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq snmpd snmp iproute2 util-linux >/dev/null
fi
python3 -m pip install -q -e '.[test]'
