#!/usr/bin/env bash
# Everything netinv and its tests need on a fresh Debian machine with Python 3.11:
# Net-SNMP (snmpd for the SNMPv3 tests, snmp tools), iproute2 and util-linux (`ip netns`, `setpriv`
# for the discovery lab), openssl (a self-signed certificate for the TLS tests), then the package
# with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
for tool in snmpd ip setpriv openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq snmpd snmp iproute2 util-linux openssl >/dev/null
fi
python3 -m pip install -q -e '.[test]'
