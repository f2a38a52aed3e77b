#!/usr/bin/env bash
# Refreshes the vendored copy of Leaflet in app/static/vendor/leaflet from the npm registry
# (the version pinned in package.json / package-lock.json). The copy is committed, so a fresh
# clone serves the maps without npm; run this only to change Leaflet's version.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
src=node_modules/leaflet
dest=app/static/vendor/leaflet
version=$(node -p "require('./$src/package.json').version")
rm -rf "$dest"
mkdir -p "$dest/images"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$dest/"
cp "$src"/dist/images/*.png "$dest/images/"
printf 'Leaflet %s, from the npm registry (package "leaflet"), BSD-2-Clause (see LICENSE).\nRefreshed by scripts/vendor-leaflet.sh.\n' "$version" > "$dest/VERSION"
echo "Leaflet $version copiado en $dest"
