#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (Playwright cannot download browsers here)
# and axe-core (npm, pinned by package-lock.json) for the accessibility test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Instale chromium con el gestor de paquetes de su sistema." >&2; exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Instalando chromium…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null; then
    echo "Instale Node.js y npm para la prueba de accesibilidad (axe-core)." >&2; exit 1
  fi
  echo "Instalando axe-core…"
  npm ci --no-audit --no-fund --silent
fi
