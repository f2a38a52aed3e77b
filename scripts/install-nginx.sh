#!/usr/bin/env bash
# Installs Debian's nginx for the production check (scripts/prodcheck.py starts its own nginx
# on high ports). The package must not leave a system nginx listening on port 80.
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "Instale nginx con el gestor de paquetes de su sistema." >&2; exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
# policy-rc.d answering 101 forbids the package's scripts to start the service.
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  ADDED_POLICY=1
fi
trap 'if [ -n "$ADDED_POLICY" ]; then $SUDO rm -f "$POLICY"; fi' EXIT
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
# Belt and braces: no system nginx now or at the next boot.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
if [ -s /run/nginx.pid ]; then $SUDO kill "$(cat /run/nginx.pid)" 2>/dev/null || true; fi
