/**
 * Every page with a dynamic segment, and how the isolation matrix reaches it with another account's
 * id. tests/isolation-matrix.db.test.ts fails when a page.tsx with a `[segment]` is missing here;
 * e2e/isolation.spec.ts opens each `foreign` page as account B with account A's ids and expects a
 * 404 status and none of A's data.
 */
export type ForeignIds = { callId: string; contactId: string; deliveryId: string };

export type PageCase =
  | { kind: "foreign"; path: (ids: ForeignIds) => string }
  /** Not an account-scoped id (say, a capability token): why it needs no isolation case. */
  | { kind: "not-account-scoped"; why: string };

export const ISOLATION_PAGES: Record<string, PageCase> = {
  "app/(dashboard)/calls/[id]/page.tsx": { kind: "foreign", path: (ids) => `/calls/${ids.callId}` },
  "app/(dashboard)/contacts/[id]/page.tsx": { kind: "foreign", path: (ids) => `/contacts/${ids.contactId}` },
  "app/(dashboard)/developers/webhooks/deliveries/[id]/page.tsx": {
    kind: "foreign",
    path: (ids) => `/developers/webhooks/deliveries/${ids.deliveryId}`,
  },
  "app/invite/[token]/page.tsx": {
    kind: "not-account-scoped",
    why: "the token is the capability (sha256 stored, single-use, bound to the invited email at acceptance); covered by the accept() action case",
  },
};
