#!/usr/bin/env bash
# Refresh the front-end files the dashboard serves from src/emigre/web/static/vendor/.
# They are committed, so neither `make run` nor the tests need npm; run this (it needs npm and
# the registry) only to change a version. Each library's licence file is copied beside it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/emigre/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
  vega@6.4.0 vega-lite@6.4.3 vega-embed@7.3.0 world-atlas@2.0.2 swagger-ui-dist@5.35.0 \
  topojson-client@3.1.0 d3-geo@3 >/dev/null
m=node_modules
mkdir -p "$dest"/{vega,vega-lite,vega-embed,world-atlas,swagger-ui}
cp $m/vega/build/vega.min.js $m/vega/LICENSE "$dest/vega/"
cp $m/vega-lite/build/vega-lite.min.js $m/vega-lite/LICENSE "$dest/vega-lite/"
cp $m/vega-embed/build/vega-embed.min.js $m/vega-embed/LICENSE "$dest/vega-embed/"
cp $m/world-atlas/countries-110m.json $m/world-atlas/LICENSE "$dest/world-atlas/"
cp $m/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/"
# Symbol positions for the map: one point inside each country's largest polygon, from the
# 50m atlas so that small countries (Singapore, Malta) that the 110m outline drops get one too.
node "$here/scripts/country-points.mjs" "$m" > "$dest/world-atlas/country-points.json"
echo "vendored into $dest"
