import twilio from "twilio";
import type { RequestOptions } from "twilio/lib/base/RequestClient";
import { getEnv } from "@/lib/env";

/**
 * The `twilio` SDK client when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set (SMS also needs
 * TWILIO_FROM_NUMBER; Lookup does not). TWILIO_API_BASE_URL points it at another host (a fake server
 * in tests): the SDK builds https://api.twilio.com/… and https://lookups.twilio.com/… URLs itself, so a
 * RequestClient subclass rewrites the origin of every request it makes.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    opts: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(opts);
  }
  override request<T>(opts: RequestOptions<T>) {
    const rewritten = opts.uri.replace(/^https:\/\/[^/]+/, this.baseUrl.replace(/\/+$/, ""));
    return super.request<T>({ ...opts, uri: rewritten });
  }
}

const clients = new Map<string, twilio.Twilio>();

/** One client per credentials, base URL and request timeout (SMS and Lookup time out differently). */
export function twilioApi(timeoutMs: number): twilio.Twilio | undefined {
  const env = getEnv();
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) return undefined;
  const key = `${env.TWILIO_ACCOUNT_SID}|${env.TWILIO_AUTH_TOKEN}|${env.TWILIO_API_BASE_URL ?? ""}|${timeoutMs}`;
  let api = clients.get(key);
  if (!api) {
    const clientOpts = { timeout: timeoutMs, autoRetry: false };
    const httpClient = env.TWILIO_API_BASE_URL
      ? new BaseUrlRequestClient(env.TWILIO_API_BASE_URL, clientOpts)
      : new twilio.RequestClient(clientOpts);
    api = twilio(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, { httpClient });
    clients.set(key, api);
  }
  return api;
}
