import type { ReactNode } from "react";

/** A mail's text part with the links to this instance (and only those) clickable. */
export function MailText({ text, origin }: { text: string; origin: string }) {
  const parts: ReactNode[] = [];
  const re = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const url = m[0];
    parts.push(text.slice(last, m.index));
    let own = false;
    try {
      own = new URL(url).origin === origin;
    } catch {
      own = false;
    }
    parts.push(
      own ? (
        <a key={m.index} href={url} className="break-all text-primary underline">
          {url}
        </a>
      ) : (
        url
      ),
    );
    last = m.index + url.length;
  }
  parts.push(text.slice(last));
  return <div className="text-sm leading-relaxed break-words whitespace-pre-wrap">{parts}</div>;
}
