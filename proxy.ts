import { NextResponse, type NextRequest } from "next/server";

/**
 * Only redirects: a request for a dashboard page without a session cookie goes to /login. The real
 * check is on the server, in app/(dashboard)/layout.tsx.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession) {
    const url = new URL("/login", request.url);
    const back = request.nextUrl.pathname + request.nextUrl.search;
    if (back !== "/") url.searchParams.set("next", back);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = {
  // Everything but the public pages, the API, the docs, recordings and static files.
  matcher: ["/((?!login|api|docs|r/|invite|_next|favicon.ico|icon|robots.txt).*)"],
};
