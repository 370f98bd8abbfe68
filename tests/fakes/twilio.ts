import { randomBytes } from "node:crypto";
import twilio from "twilio";
import { TWILIO_ERROR_WORDS } from "@/lib/delivery/receipts";
import { listen, respond, type Scripted } from "./http";

/**
 * A fake Twilio REST API as the real `twilio` SDK calls it (basic auth): POST
 * /2010-04-01/Accounts/{sid}/Messages.json (form-encoded), GET of the same to list messages (To, From,
 * DateSent> filters, newest first) and Lookup's GET /v2/PhoneNumbers/{number}
 * (line type from `lineTypes`, "mobile" by default). Records every message and lookup; `script()`
 * queues failures for the next message requests (5xx, 429, hangs for timeouts, 400 with Twilio error
 * codes such as 21211 invalid number), `scriptLookup()` for the next lookups: the worker looks callers
 * up before emails and webhooks, and a test scripting SMS failures must not see them spent there.
 *
 * A fake carrier too: each message's status callbacks (`sent`, then `delivered`, or `undelivered` with
 * an ErrorCode) signed as Twilio signs them, from `receiptsFor(sid)`, and posted to the message's
 * StatusCallback by themselves with `postReceipts`. A number is undeliverable when `undeliverable`
 * names it, or when its last five digits are one of Twilio's carrier error codes
 * (+61400030003 → 30003, unreachable handset).
 */
export type FakeSms = {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  sid: string;
  authorized: boolean;
  receivedAt: number;
  statusCallback: string | null;
};

export type FakeTwilioReceipt = { url: string; params: Record<string, string>; signature: string };

export async function startFakeTwilio(opts: { accountSid: string; authToken: string; postReceipts?: boolean; receiptDelayMs?: number; port?: number }) {
  const messages: FakeSms[] = [];
  const requests: { path: string; status: number }[] = [];
  const queue: Scripted[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString("base64")}`;

  const lookups: string[] = [];
  const listQueue: Scripted[] = [];
  const listings: { to: string | null; from: string | null; dateSentAfter: string | null; found: number }[] = [];
  let dropAfterAccept = 0;
  const lookupQueue: Scripted[] = [];
  const lineTypes: Record<string, string> = {};

  const server = await listen((req, res, raw) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
    const lookup = /^\/v2\/PhoneNumbers\/([^/?]+)(\?.*)?$/.exec(req.url ?? "");
    const listing = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json\?(.*)$/.exec(req.url ?? "");
    if (!(req.method === "POST" && match) && !(req.method === "GET" && (lookup || listing))) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 20404, message: "Not found", status: 404 }));
      return;
    }
    const authorized = req.headers.authorization === expectedAuth;
    if (!authorized) {
      requests.push({ path: req.url!, status: 401 });
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 20003, message: "Authenticate", status: 401 }));
      return;
    }
    const next = (lookup ? lookupQueue : listing ? listQueue : queue).shift();
    if (next) {
      requests.push({ path: req.url!, status: "status" in next ? next.status : 0 });
      respond(res, next, () => ({ status: 500, body: { code: 20500, message: "Internal error", status: 500 } }));
      return;
    }
    if (listing) {
      // Twilio's filters as the SDK sends them: To, From, DateSent> (whole seconds); newest first.
      const q = new URLSearchParams(listing[2]);
      const after = q.get("DateSent>");
      const afterMs = after ? Math.floor(Date.parse(after) / 1000) * 1000 : null;
      const found = messages
        .filter((m) => m.accountSid === listing[1] && (!q.get("To") || m.to === q.get("To")) && (!q.get("From") || m.from === q.get("From")))
        .filter((m) => afterMs === null || Math.floor(m.receivedAt / 1000) * 1000 >= afterMs)
        .reverse()
        .slice(0, Number(q.get("PageSize") ?? 50));
      listings.push({ to: q.get("To"), from: q.get("From"), dateSentAfter: after, found: found.length });
      requests.push({ path: req.url!, status: 200 });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          messages: found.map(messageJson),
          uri: req.url,
          first_page_uri: req.url,
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: found.length,
          start: 0,
          end: Math.max(0, found.length - 1),
        }),
      );
      return;
    }
    if (lookup) {
      const number = decodeURIComponent(lookup[1]!);
      lookups.push(number);
      requests.push({ path: req.url!, status: 200 });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          phone_number: number,
          valid: true,
          line_type_intelligence: { type: lineTypes[number] ?? "mobile", carrier_name: "Fake Carrier", mobile_country_code: null, mobile_network_code: null, error_code: null },
          url: `https://lookups.twilio.com/v2/PhoneNumbers/${encodeURIComponent(number)}`,
        }),
      );
      return;
    }
    const form = new URLSearchParams(raw);
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const msg = {
      accountSid: match![1]!,
      to: form.get("To") ?? "",
      from: form.get("From") ?? "",
      body: form.get("Body") ?? "",
      sid,
      authorized,
      receivedAt: Date.now(),
      statusCallback: form.get("StatusCallback"),
    };
    messages.push(msg);
    if (carrier.postReceipts && msg.statusCallback) setTimeout(() => void postReceipts(msg), carrier.receiptDelayMs);
    requests.push({ path: req.url!, status: 201 });
    if (dropAfterAccept > 0) {
      // Accepted, but the answer is lost on the way back (`acceptThenDrop()`).
      dropAfterAccept--;
      res.socket?.destroy();
      return;
    }
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...messageJson(msg), status: "queued" }));
  }, opts.port);
  /** What the fake carrier does: numbers it cannot deliver to (→ Twilio error code), and whether it posts receipts itself. */
  const carrier = { undeliverable: new Map<string, number>(), postReceipts: opts.postReceipts ?? false, receiptDelayMs: opts.receiptDelayMs ?? 100 };
  const receiptPosts: { sid: string; status: string; httpStatus: number }[] = [];

  function carrierError(to: string): number | null {
    const named = carrier.undeliverable.get(to);
    if (named) return named;
    const code = Number(to.slice(-5));
    return code >= 30000 && TWILIO_ERROR_WORDS[code] ? code : null;
  }

  /** The status callbacks Twilio would post for a message, in order, each signed for its URL. */
  function receiptsFor(sid: string, statuses?: string[]): FakeTwilioReceipt[] {
    const m = messages.find((x) => x.sid === sid);
    if (!m) throw new Error(`no fake message ${sid}`);
    const error = carrierError(m.to);
    const url = m.statusCallback ?? "http://localhost:3000/api/v1/twilio/message-status";
    return (statuses ?? ["sent", error ? "undelivered" : "delivered"]).map((status) => {
      const params: Record<string, string> = {
        AccountSid: m.accountSid,
        ApiVersion: "2010-04-01",
        From: m.from,
        MessageSid: m.sid,
        MessageStatus: status,
        SmsSid: m.sid,
        SmsStatus: status,
        To: m.to,
        ...(error && (status === "undelivered" || status === "failed") ? { ErrorCode: String(error) } : {}),
      };
      return { url, params, signature: twilio.getExpectedTwilioSignature(opts.authToken, url, params) };
    });
  }

  async function postReceipts(m: FakeSms) {
    for (const r of receiptsFor(m.sid)) {
      try {
        const res = await fetch(r.url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": r.signature },
          body: new URLSearchParams(r.params).toString(),
        });
        receiptPosts.push({ sid: m.sid, status: r.params.MessageStatus!, httpStatus: res.status });
      } catch {
        receiptPosts.push({ sid: m.sid, status: r.params.MessageStatus!, httpStatus: 0 });
      }
    }
  }

  const messageJson = (m: FakeSms) => ({
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: "sent",
    num_segments: "1",
    date_created: new Date(m.receivedAt).toUTCString(),
    date_sent: new Date(m.receivedAt).toUTCString(),
  });

  return {
    ...server,
    accountSid: opts.accountSid,
    authToken: opts.authToken,
    messages,
    requests,
    /** Numbers looked up, in order; `lineTypes[number]` sets Lookup's answer (Twilio's names: mobile, landline, fixedVoip, …). */
    lookups,
    lineTypes,
    /** Queue responses for the next message requests, in order. */
    script: (...responses: Scripted[]) => queue.push(...responses),
    /** Message listings asked for (GET Messages.json: the worker asking whether an SMS already went out). */
    listings,
    /** Queue responses for the next message listings, in order. */
    scriptList: (...responses: Scripted[]) => listQueue.push(...responses),
    /** The next `n` messages are accepted (and recorded) but their answer never arrives: the connection drops. */
    acceptThenDrop: (n = 1) => {
      dropAfterAccept += n;
    },
    /** Queue responses for the next lookups, in order. */
    scriptLookup: (...responses: Scripted[]) => lookupQueue.push(...responses),
    /** The fake carrier: `undeliverable.set(number, 30003)`, `postReceipts = true`. */
    carrier,
    receiptsFor,
    /** Receipts the carrier posted by itself, with the answer each got (0: no answer). */
    receiptPosts,
    invalidNumber: (): Scripted => ({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", more_info: "https://www.twilio.com/docs/errors/21211", status: 400 } }),
    reset: () => {
      messages.length = 0;
      requests.length = 0;
      lookups.length = 0;
      listings.length = 0;
      listQueue.length = 0;
      dropAfterAccept = 0;
      for (const k of Object.keys(lineTypes)) delete lineTypes[k];
      queue.length = 0;
      lookupQueue.length = 0;
      carrier.undeliverable.clear();
      receiptPosts.length = 0;
    },
  };
}
export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
