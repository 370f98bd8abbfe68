import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import type { ReactElement } from "react";

/**
 * React Email's plain-text conversion (`render(element, { plainText: true })`: html-to-text with its
 * selectors), compiled once. Its own `toPlainText` compiles the options on every call, and rendering
 * for the text renders the element a second time: at 50 calls a second those two were the email
 * job's largest CPU cost after the round trips (a worker profile under `npm run bench`).
 */
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** An email's HTML and plain-text bodies from one React Email element, rendered once. */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}
