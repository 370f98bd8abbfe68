/**
 * Runs in the browser before the app hydrates (Next.js loads it on every page), so keep it tiny.
 *
 * Zod probes once whether `new Function` is allowed, to compile a faster object parser. Our CSP has
 * no 'unsafe-eval' (proxy.ts), so the probe is blocked and Chrome reports a CSP violation on every
 * page with a form (Lighthouse: "Issues were logged in the Issues panel"). `jitless` skips the probe;
 * parsing is the same, without the eval path the CSP forbids anyway. It is set on zod's global config
 * object (what `z.config()` writes to) rather than through `z.config`, so pages without forms load no
 * zod; `??=` keeps it working whether zod has loaded already or not (instrumentation-client.test.ts).
 */
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(scope.__zod_globalConfig ??= {}).jitless = true;

export {};
