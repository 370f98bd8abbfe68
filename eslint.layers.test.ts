import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layer rule (eslint.layers.mjs) run through the repository's real ESLint config on source
 * text given a path: nothing is written to disk, but imports resolve against the real tree.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: import.meta.dirname });
});

async function layerProblems(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === "import/no-restricted-paths" || m.fatal)
    .map((m) => m.message);
}

describe("the import-boundary rule", { timeout: 60_000 }, () => {
  it.each([
    [
      "a query importing a dashboard file",
      "db/queries/new-thing.ts",
      'import { settingsSchema } from "@/app/(dashboard)/settings/schema";\nexport const s = settingsSchema;\n',
    ],
    [
      "a query importing an API route (relative path)",
      "db/queries/new-thing.ts",
      'import { GET } from "../../app/api/v1/calls/route";\nexport const g = GET;\n',
    ],
    [
      "a query importing lib code above db",
      "db/queries/new-thing.ts",
      'import { requireApiKey } from "@/lib/api/auth";\nexport const r = requireApiKey;\n',
    ],
    [
      "lib importing from app",
      "lib/new-thing.ts",
      'import { GUIDE_EXAMPLE } from "@/app/docs/webhooks/example";\nexport const e = GUIDE_EXAMPLE;\n',
    ],
    [
      "an API route importing a dashboard schema (type only)",
      "app/api/v1/new-thing/route.ts",
      'import type { SettingsInput } from "@/app/(dashboard)/settings/schema";\nexport type S = SettingsInput;\n',
    ],
    [
      "a shared component importing a server action",
      "components/new-thing.tsx",
      'import { switchAccount } from "@/app/(dashboard)/account-actions";\nexport const s = switchAccount;\n',
    ],
    [
      "a leaf module importing the database",
      "lib/pricing.ts",
      'import { db } from "@/db";\nexport const d = db;\n',
    ],
    [
      "a domain schema importing a non-leaf lib module",
      "lib/post-call-actions/new-thing.ts",
      'import { logger } from "@/lib/logger";\nexport const l = logger;\n',
    ],
  ])("refuses %s", async (_what, filePath, text) => {
    const problems = await layerProblems(filePath, text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/imported in restricted zone/);
  });

  it.each([
    [
      "a query using leaf modules and db/",
      "db/queries/new-thing.ts",
      'import { AppError } from "@/lib/errors";\nimport { audit } from "@/db/audit";\nimport { actionListSchema } from "@/lib/post-call-actions/schema";\nexport const x = [AppError, audit, actionListSchema];\n',
    ],
    [
      "a db test driving the flow from lib",
      "db/queries/new-thing.db.test.ts",
      'import { deliver } from "@/lib/jobs/handlers/deliver";\nexport const d = deliver;\n',
    ],
    [
      "an API route using a shared schema",
      "app/api/v1/new-thing/route.ts",
      'import { contactSchema } from "@/lib/contacts/schema";\nexport const c = contactSchema;\n',
    ],
    [
      "a dashboard page using its own folder",
      "app/(dashboard)/settings/new-thing.tsx",
      'import { settingsSchema } from "./schema";\nexport const s = settingsSchema;\n',
    ],
    [
      "a domain schema using leaves and table types",
      "lib/post-call-actions/new-thing.ts",
      'import type { CallStatus } from "@/db/schema";\nimport { priceOf } from "@/lib/pricing";\nexport const p = priceOf;\nexport type C = CallStatus;\n',
    ],
  ])("allows %s", async (_what, filePath, text) => {
    expect(await layerProblems(filePath, text)).toEqual([]);
  });
});
