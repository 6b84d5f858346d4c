// Print {"<ISO numeric id>": [lon, lat], ...}: a symbol position per country of world-atlas.
import { createRequire } from "node:module";
import path from "node:path";
const modules = path.resolve(process.argv[2]);
const require = createRequire(path.join(modules, "x.js"));
const topojson = require("topojson-client");
const d3 = require("d3-geo");
const atlas = require(path.join(modules, "world-atlas/countries-50m.json"));
const features = topojson.feature(atlas, atlas.objects.countries).features;
const out = {};
const size = {};
for (const f of features) {
  if (!f.id) continue;
  let geom = f.geometry;
  if (geom.type === "MultiPolygon") {
    // The largest part, so that France sits in Europe rather than between it and Guiana.
    let best = null, bestArea = -1;
    for (const coords of geom.coordinates) {
      const poly = { type: "Polygon", coordinates: coords };
      const raw = d3.geoArea(poly);
      const a = Math.min(raw, 4 * Math.PI - raw); // ignore winding
      if (a > bestArea) { bestArea = a; best = poly; }
    }
    geom = best;
  }
  // Some ids name several features (Australia and the Ashmore and Cartier Islands): keep
  // the largest.
  const whole = d3.geoArea(f.geometry);
  const area = Math.min(whole, 4 * Math.PI - whole);
  if (size[f.id] !== undefined && size[f.id] >= area) continue;
  size[f.id] = area;
  const [lon, lat] = d3.geoCentroid(geom);
  out[f.id] = [Math.round(lon * 100) / 100, Math.round(lat * 100) / 100];
}
process.stdout.write(JSON.stringify(out, Object.keys(out).sort()) + "\n");
