/**
 * The one error type for failures a user should see. Route handlers turn it into
 * application/problem+json (RFC 9457); server actions turn it into a form or toast message.
 */
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: FieldError[] = [],
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  static badRequest(message: string, fields: FieldError[] = []) {
    return new AppError(400, "bad_request", message, fields);
  }
  static unauthorized(message = "Sign in or send a valid API key.") {
    return new AppError(401, "unauthorized", message);
  }
  static forbidden(message = "Your role does not allow this.") {
    return new AppError(403, "forbidden", message);
  }
  static notFound(message = "Not found.") {
    return new AppError(404, "not_found", message);
  }
  static conflict(message: string) {
    return new AppError(409, "conflict", message);
  }
  static unprocessable(message: string, fields: FieldError[] = []) {
    return new AppError(422, "unprocessable", message, fields);
  }
  static tooManyRequests(retryAfterSeconds: number, message = "Too many requests. Try again shortly.") {
    return new AppError(429, "rate_limited", message, [], { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** An RFC 9457 problem document. `errors` names each bad field. */
export function problem(
  status: number,
  detail: string,
  opts: { code?: string; fields?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body = {
    type: `https://aftercall.dev/problems/${opts.code ?? (TITLES[status] ?? "error").toLowerCase().replace(/ /g, "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    ...(opts.fields && opts.fields.length > 0 ? { errors: opts.fields } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", ...opts.headers },
  });
}

export function problemFromError(error: AppError): Response {
  return problem(error.status, error.message, { code: error.code, fields: error.fields, headers: error.headers });
}

/** zod issues → our field errors, with paths like `data.transcript[2].start_ms`. */
export function fieldErrorsFromZod(issues: { path: PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({
    field:
      i.path
        .map((p, idx) => (typeof p === "number" ? `[${p}]` : `${idx === 0 ? "" : "."}${String(p)}`))
        .join("") || "(body)",
    message: i.message,
  }));
}

/** Postgres error codes we translate. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  return e?.code === "23505" && (!constraint || e.constraint_name === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return findPgError(error)?.code === "23503";
}

/**
 * PostgreSQL refuses a NUL character in text (22021) and a \u0000 escape in jsonb (22P05), and an
 * invalid UTF-8 byte sequence (22021), and a lone surrogate escape in jsonb (22P02). Input carrying one is the client's fault: a 400, never a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  const e = findPgError(error) as (PgErrorLike & { message?: string }) | undefined;
  if (e?.code === "22P02") return /type json/i.test(e.message ?? ""); // a lone surrogate escape in jsonb
  return e?.code === "22021" || e?.code === "22P05";
}

export const UNSTORABLE_TEXT_MESSAGE = "The request contains a character that cannot be stored (a NUL, \\u0000). Remove it and retry.";

export function isConnectionError(error: unknown): boolean {
  const e = findPgError(error) as { code?: string } | undefined;
  const code = e?.code ?? (error as { code?: string })?.code;
  return (
    code === "ECONNREFUSED" ||
    code === "ECONNRESET" ||
    // Writing to a connection the server just closed (a restart), found by the chaos suite: was a 500.
    code === "EPIPE" ||
    code === "ETIMEDOUT" ||
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_ENDED" ||
    code === "CONNECT_TIMEOUT" ||
    code === "CONNECTION_DESTROYED" ||
    code === "57P01" || // admin_shutdown
    code === "57P02" ||
    code === "57P03" || // cannot_connect_now
    code === "08006" ||
    code === "08001" ||
    code === "08003"
  );
}

type PgErrorLike = { code?: string; constraint_name?: string };

function findPgError(error: unknown): PgErrorLike | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    if (typeof e === "object" && e !== null && "code" in e) return e as PgErrorLike;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
