// The Node.js version check every npm script runs first (`node scripts/check-node.cjs && …`).
// CommonJS with no modern syntax on purpose: it must run, and say something useful, on the old Node
// it refuses. The supported range is package.json's `engines.node`; check-node.test.ts keeps the two
// in step. The floor is the dependencies' own: undici 8, lighthouse and the swagger parser need
// 22.19, and vitest skips the odd-numbered releases 23 and 25.
"use strict";

var RANGES = [
  { major: 22, minor: 19 },
  { major: 24, minor: 0 },
  { major: 26, minor: 0, orLater: true },
];

/** True when `version` ("v24.3.0" or "24.3.0") is one this project runs on. */
function supported(version) {
  var parts = String(version).replace(/^v/, "").split(".");
  var major = Number(parts[0]);
  var minor = Number(parts[1] || 0);
  for (var i = 0; i < RANGES.length; i++) {
    var r = RANGES[i];
    if (r.orLater ? major > r.major || (major === r.major && minor >= r.minor) : major === r.major && minor >= r.minor) return true;
  }
  return false;
}

/** The one sentence shown on an unsupported Node, or null when it is fine. */
function problem(version) {
  if (supported(version)) return null;
  return (
    "Aftercall needs Node.js 22.19 or later (24 LTS recommended; not 23 or 25), and this is Node " +
    String(version).replace(/^v/, "") +
    ". Install Node 24 from https://nodejs.org/ or with a version manager (`nvm install 24`, which reads .nvmrc), then run npm install again."
  );
}

module.exports = { supported: supported, problem: problem };

if (require.main === module) {
  var message = problem(process.versions.node);
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
