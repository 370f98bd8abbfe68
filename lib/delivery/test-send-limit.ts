/**
 * The limit on test sends: 5 a minute per account, shared by a post-call action's "Send test" and
 * Developer Tools' "Send test event" (each send reaches a real phone, inbox or endpoint for free).
 * Its own module, free of the database and the queue, so the e2e specs can name the same counter
 * (e2e/fixtures.ts) without loading the server's modules.
 */
export const TEST_SEND_LIMIT = { limit: 5, windowSeconds: 60 };

/** The `rate_limits` key that counts an account's test sends. */
export function testSendLimitKey(accountId: string): string {
  return `test-send:${accountId}`;
}
