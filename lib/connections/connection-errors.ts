// Turning whatever a provider call threw into the house codes the connect flow promises, with messages
// a person can act on: which field, what the provider answered (status in words), what to do next.
// Messages never carry a secret (lib/http already redacts provider text; the rest here is fixed text).
import { type z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";

/** "loginDomain" -> "Login domain": a field named in words when no title is known. */
export function fieldWords(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A zod failure of the template's config or credentials. `fields` keys are the form input names
 * (`<group>.<field>`, what the form matches on); the message names the fields in words.
 */
export function configSchemaInvalid(group: "config" | "credentials", error: z.ZodError, titles: Record<string, string> = {}): AppError {
  const fields: Record<string, string> = {};
  const names: string[] = [];
  for (const issue of error.issues) {
    const key = [group, ...issue.path.map(String)].join(".");
    if (fields[key] !== undefined) continue;
    // zod's "Invalid input: expected string, received undefined" means the field was left empty
    fields[key] = issue.code === "invalid_type" && /received undefined$/.test(issue.message) ? "Required: enter a value." : issue.message;
    const top = String(issue.path[0] ?? group);
    const name = titles[top] ?? fieldWords(top);
    if (!names.includes(name)) names.push(name);
  }
  return new AppError("CONFIG_SCHEMA_INVALID", `Check ${names.length === 1 ? "this field" : "these fields"}: ${names.join(", ")}.`, { fields });
}

const statusWords: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  402: "payment required",
  403: "forbidden",
  404: "not found",
  405: "method not allowed",
  409: "conflict",
  410: "gone",
  422: "unprocessable",
  429: "too many requests",
  500: "server error",
  501: "not implemented",
  502: "bad gateway",
  503: "unavailable",
  504: "gateway timeout",
};

/** "500 (server error)" */
export function statusInWords(status: number): string {
  const words = statusWords[status] ?? (status >= 500 ? "server error" : status >= 400 ? "client error" : "unexpected answer");
  return `${status} (${words})`;
}

/** The provider's own words from an http-client message ("HubSpot answered 403: No access" -> "No access"). */
function providerWords(err: AppError): string | null {
  const m = /answered \d{3}: (.+)$/s.exec(err.message);
  return m?.[1] ? m[1].trim() : null;
}

/** The result of a failed verify call: INVALID_CREDENTIALS when the provider refused them, else CONNECTION_FAILED. */
export function verifyFailure(err: unknown, providerName: string): AppError {
  if (!isAppError(err)) return new AppError("CONNECTION_FAILED", `Could not reach ${providerName}. Try again in a moment.`);
  if (err.code === "NEEDS_REAUTH" || err.code === "CONFIG_SCHEMA_INVALID") return err;
  if (err.code === "SSRF_BLOCKED") {
    return new AppError("CONNECTION_FAILED", `The address is not allowed: Switchboard only calls public internet addresses.`, pick(err));
  }
  const status = typeof err.details?.status === "number" ? err.details.status : null;
  const said = providerWords(err);
  const quote = said ? ` It said: “${said}”` : "";
  if (status !== null) {
    const answered = `${providerName} answered ${statusInWords(status)}.`;
    if (status === 401) return new AppError("INVALID_CREDENTIALS", `${answered} It refused these credentials: check the key or token and try again.${quote}`, pick(err));
    if (status === 403) {
      return new AppError(
        "INVALID_CREDENTIALS",
        `${answered} The credentials were accepted but may not reach this account (for example a wrong account or location id, or a missing permission).${quote}`,
        pick(err),
      );
    }
    if (status === 404) return new AppError("CONNECTION_FAILED", `${answered} Check the account, domain or id you entered.${quote}`, pick(err));
    if (status === 429) return new AppError("CONNECTION_FAILED", `${answered} Wait a minute and try again.${quote}`, pick(err));
    if (status >= 500) return new AppError("CONNECTION_FAILED", `${answered} The problem is on ${providerName}'s side; try again in a moment.${quote}`, pick(err));
    const code = err.code === "INVALID_CREDENTIALS" ? "INVALID_CREDENTIALS" : "CONNECTION_FAILED";
    return new AppError(code, `${answered}${quote || " Check the values you entered."}`, pick(err));
  }
  if (err.code === "INVALID_CREDENTIALS") {
    return new AppError("INVALID_CREDENTIALS", `${providerName} refused these credentials. Check them and try again.`, pick(err));
  }
  if (err.details?.timeout === true) return new AppError("CONNECTION_FAILED", `${providerName} did not answer in time. Try again in a moment.`, pick(err));
  return new AppError("CONNECTION_FAILED", `Could not reach ${providerName} (no answer: ${err.code}). Check the address, then try again.`, pick(err));
}

function pick(err: AppError): Record<string, unknown> {
  // Only the redacted, bounded facts; never the full details object of a token call.
  const d = err.details ?? {};
  return { cause: err.code, ...(d.status !== undefined ? { status: d.status } : {}) };
}
