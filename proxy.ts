import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every page request. Two jobs, nothing else:
 * 1. a Content-Security-Policy with a fresh nonce (Next.js puts it on its own scripts), and
 * 2. a redirect to /login for dashboard pages without a session cookie. The real session check is
 *    on the server, in app/(dashboard)/layout.tsx.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_PREFIXES = ["/login", "/docs", "/invite", "/r/"];

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (Radix positioning, email previews) need this; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' https:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = pathname === "/favicon.ico" || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
  if (!isPublic && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = new URL("/login", request.url);
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Static files from public/ are served as they are, signed in or not.
      source: "/((?!api|_next/static|_next/image|favicon.ico|robots.txt|icon.svg|apple-icon.png|screenshot.png).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
