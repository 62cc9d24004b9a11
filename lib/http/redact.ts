// Redaction of secrets in anything that may be logged or kept in error details: header values, URL
// query parameters, JSON bodies, and any occurrence of a known secret value (a token, an API key).

export const REDACTED = "[REDACTED]";

/** Names of headers, query parameters and JSON keys whose values are always secret. */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|api[-_]?token|apikey|hapikey|x-api-token|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|secret|password|passwd|token|private[-_]?key|signing[-_]?secret|code[-_]?verifier)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Replace every occurrence of a known secret value in a string. Values shorter than 6 characters are ignored (too likely to be ordinary words). */
export function redactString(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join(REDACTED);
  }
  // Bearer tokens that were not in the known list (e.g. echoed back in a body).
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=!-]{8,}/g, `$1 ${REDACTED}`);
  return out;
}

export function redactHeaders(
  headers: Headers | Record<string, string | string[] | undefined>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string][] =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v] as [string, string]],
        );
  for (const [k, v] of entries) out[k] = isSecretName(k) ? REDACTED : redactString(v, secrets);
  return out;
}

export function redactUrl(url: string, secrets: readonly string[] = []): string {
  try {
    const u = new URL(url);
    if (u.username) u.username = REDACTED;
    if (u.password) u.password = REDACTED;
    for (const key of [...u.searchParams.keys()]) {
      if (isSecretName(key)) u.searchParams.set(key, REDACTED);
    }
    return redactString(u.toString(), secrets);
  } catch {
    return redactString(url, secrets);
  }
}

/** Deep copy of a JSON-like value with secret keys and known secret values replaced. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === "string") return redactString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretName(k) && v !== null && v !== "" ? REDACTED : redactValue(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}

/** A provider response body prepared for error details: parsed JSON when possible, redacted, bounded. */
export function redactBody(text: string, secrets: readonly string[] = [], maxChars = 4000): unknown {
  const trimmed = text.length > maxChars ? text.slice(0, maxChars) : text;
  if (text.length <= maxChars) {
    try {
      return redactValue(JSON.parse(text), secrets);
    } catch {
      // not JSON: fall through to text
    }
  }
  const form = tryForm(trimmed);
  if (form) return redactValue(form, secrets);
  return redactString(trimmed, secrets) + (text.length > maxChars ? "…" : "");
}

function tryForm(text: string): Record<string, string> | null {
  if (!/^[\w.%[\]-]+=[^&]*(&[\w.%[\]-]+=[^&]*)*$/.test(text)) return null;
  return Object.fromEntries(new URLSearchParams(text));
}
