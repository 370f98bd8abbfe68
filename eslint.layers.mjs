/**
 * Layers, imported in one direction only: app → lib → db → leaf modules (docs/architecture.md, "Layers").
 * eslint-plugin-import's no-restricted-paths (registered by eslint-config-next, which also sets up the
 * TypeScript resolver) judges the resolved file, so `@/…` aliases and relative paths are caught alike,
 * type-only imports included. `npm test` runs ESLint; eslint.layers.test.ts proves these zones fire.
 */

const base = import.meta.dirname;

/**
 * Leaf modules: plain facts, formats and domain schemas. They import packages, each other and the
 * table definitions (db/schema.ts) only, so anything may use them, the browser included.
 */
const LEAF_LIB = [
  "errors.ts",
  "ids.ts",
  "crypto.ts",
  "pricing.ts",
  "env.ts",
  "dev-secrets.ts",
  "phone.ts",
  "phone-type.ts",
  "call-status.ts",
  "csv.ts",
  "platforms/types.ts",
  "contacts/csv.ts",
  "contacts/schema.ts",
  "connections/schema.ts",
  "post-call-actions",
  "delivery/receipts.ts",
];

/**
 * What the database layer may use from lib/ besides the leaves: helpers that themselves use nothing
 * above db/. The pg-boss queue (lib/jobs) counts as database plumbing: its jobs are rows written in
 * the same transaction as the deliveries they carry.
 */
const DB_MAY_USE = [
  ...LEAF_LIB,
  "logger.ts",
  "cursor.ts",
  "recordings.ts",
  "getting-started.ts",
  "sample-calls.ts",
  "messages/call-view.ts",
  "delivery/sign.ts",
  "delivery/attempt-outcome.ts",
  "jobs/queues.ts",
  "jobs/queue.ts",
  "jobs/message-settled.ts",
];

/** Everything in app/ outside the dashboard: none of it may reach into the dashboard's files. */
const APP_OUTSIDE_DASHBOARD = [
  "./app/api",
  "./app/docs",
  "./app/(auth)",
  "./app/invite",
  "./app/r",
  "./app/layout.tsx",
  "./app/not-found.tsx",
];

const zones = [
  {
    target: "./db",
    from: ["./app", "./components"],
    message: "db/ is below app/ and components/: move what both need to lib/ or db/.",
  },
  { target: "./lib", from: "./app", message: "lib/ is below app/: move what both need to lib/." },
  {
    target: "./components",
    from: "./app",
    message: "Shared components take data and actions as props, or live in the app folder that uses them.",
  },
  {
    target: APP_OUTSIDE_DASHBOARD,
    from: "./app/(dashboard)",
    message: "Dashboard files are private to the dashboard: shared schemas live in lib/.",
  },
  ...[
    { from: "./lib", except: LEAF_LIB.map((file) => `./${file}`) },
    { from: "./db", except: ["./schema.ts"] },
    { from: ["./app", "./components"] },
  ].map((zone) => ({
    target: LEAF_LIB.map((file) => `./lib/${file}`),
    ...zone,
    message: "Leaf modules import only packages, other leaf modules and db/schema.ts.",
  })),
];

/** db/ code (not its tests, which may drive the whole flow from above) may use only lower lib/ modules. */
const dbZone = {
  target: "./db",
  from: "./lib",
  except: DB_MAY_USE.map((file) => `./${file}`),
  message: "db/ may use only leaf and database-level modules from lib/ (listed in eslint.layers.mjs).",
};

const rule = (extra) => ["error", { basePath: base, zones: [...zones, ...extra] }];

// The files eslint-config-next registers the import plugin for.
const code = "**/*.{js,jsx,mjs,ts,tsx,mts,cts}";

export const layerRules = [
  { files: [code], rules: { "import/no-restricted-paths": rule([]) } },
  {
    files: [`db/${code}`],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "import/no-restricted-paths": rule([dbZone]) },
  },
];
