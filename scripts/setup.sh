#!/usr/bin/env bash
# Everything netinv and its tests need, on a fresh Debian 12 / Ubuntu 24.04 machine or here.
#
# System tools from the distribution (sudo when not root): Net-SNMP (snmpd for the SNMPv3 tests),
# iproute2 and util-linux (`ip netns`, `setpriv` for the discovery lab), openssl (certificates for
# the TLS tests) and python3-venv; PHP with its XML modules (php-cli, php-xml) for the tests that run
# GLPI's own converter on every document netinv writes (tests/test_glpi_accepts.py, with
# ../shared/glpi_format): the virtual packages are PHP 8.2 on Debian 12 and 8.3 on Ubuntu 24.04. Python packages go into a project virtual environment, .venv,
# made WITHOUT the system's site-packages: the distribution's python3 refuses `pip install`
# (PEP 668), and a machine whose python3 already holds many packages would hide a dependency that
# pyproject.toml forgot. Versions come from scripts/constraints.txt, what the tests last ran with.
#
# Run it as often as you like: a second run checks and returns in well under a second.
# NETINV_PYTHON picks the interpreter the environment is made from (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${NETINV_PYTHON:-python3}"
VENV=.venv
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

say() { echo "setup: $*" >&2; }

# snmpd lives in /usr/sbin, which is not on a normal user's PATH on Debian
have() { PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }

packages=""
for pair in snmpd:snmpd snmpget:snmp ip:iproute2 setpriv:util-linux openssl:openssl php:php-cli; do
  have "${pair%%:*}" || packages="$packages ${pair#*:}"
done
# php-cli alone has no SimpleXML, and without it GLPI's converter refuses every document
if ! { have php && php -m 2>/dev/null | grep -qi '^simplexml$'; }; then
  packages="$packages php-xml"
fi
if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  say "netinv needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1 || echo missing)"
  exit 1
fi
if [ ! -x "$VENV/bin/python" ] && ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  # Debian splits venv/ensurepip out of python3: python3.11-venv on 12, python3.12-venv on 24.04
  minor="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  packages="$packages python3-venv python$minor-venv"
fi
if [ -n "$packages" ]; then
  say "installing$packages (apt-get)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages >/dev/null
fi

# The environment is remade when it is broken (its interpreter moved or gone) or made from another
# Python; reinstalled when pyproject.toml or the constraints changed since the last good run.
want="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])') $(cat pyproject.toml scripts/constraints.txt | sha256sum | cut -c1-16)"
stamp="$VENV/.netinv-setup"
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; assert sys.prefix != sys.base_prefix' 2>/dev/null; then
  rm -rf "$VENV"
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/netinv" ]; then
  exit 0
fi
if [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')" != "${want%% *}" ]; then
  rm -rf "$VENV"
fi
[ -x "$VENV/bin/python" ] || { say "making $VENV from $PYTHON"; "$PYTHON" -m venv "$VENV"; }
say "installing netinv and its test tools into $VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c scripts/constraints.txt -e '.[test]'
echo "$want" >"$stamp"
say "done: $VENV/bin/netinv"
