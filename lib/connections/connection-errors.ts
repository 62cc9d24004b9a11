// Turning whatever a provider call threw into the house codes the connect flow promises, with messages
// that never carry a secret (lib/http already redacts details; messages here are fixed text).
import { type z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";

/** A zod failure of the template's config or credentials, naming each field as `<group>.<field>`. */
export function configSchemaInvalid(group: "config" | "credentials", error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = [group, ...issue.path.map(String)].join(".");
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields).join(", ");
  return new AppError("CONFIG_SCHEMA_INVALID", `Check these fields: ${names}`, { fields });
}

/** The result of a failed verify call: INVALID_CREDENTIALS when the provider refused them, else CONNECTION_FAILED. */
export function verifyFailure(err: unknown, providerName: string): AppError {
  if (isAppError(err)) {
    if (err.code === "INVALID_CREDENTIALS") {
      return new AppError("INVALID_CREDENTIALS", `${providerName} refused these credentials. Check them and try again.`, pick(err));
    }
    if (err.code === "NEEDS_REAUTH" || err.code === "CONFIG_SCHEMA_INVALID") return err;
    if (err.code === "SSRF_BLOCKED") {
      return new AppError("CONNECTION_FAILED", `The address is not allowed: Switchboard only calls public internet addresses.`, pick(err));
    }
    return new AppError("CONNECTION_FAILED", `Could not reach ${providerName} (${err.code}). Try again in a moment.`, pick(err));
  }
  return new AppError("CONNECTION_FAILED", `Could not reach ${providerName}. Try again in a moment.`);
}

function pick(err: AppError): Record<string, unknown> {
  // Only the redacted, bounded facts; never the full details object of a token call.
  const d = err.details ?? {};
  return { cause: err.code, ...(d.status !== undefined ? { status: d.status } : {}) };
}
