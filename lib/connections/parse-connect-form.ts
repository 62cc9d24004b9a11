// A submitted connect form -> the raw config and credentials objects the template's zod schemas parse.
// Empty inputs mean "not set" (so optional fields stay optional); numbers, checkboxes and JSON fields are
// converted by the field's kind; anything malformed is reported as CONFIG_SCHEMA_INVALID on that field.
import { AppError } from "@/lib/errors/app-error";
import type { FormFieldDto } from "@/lib/connections/template-dto";

export function readFields(fd: FormData, fields: readonly FormFieldDto[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = fd.get(f.name);
    if (f.kind === "boolean") {
      out[f.key] = raw === "on" || raw === "true";
      continue;
    }
    if (typeof raw !== "string" || raw.trim() === "") continue;
    if (f.kind === "number") {
      const n = Number(raw);
      out[f.key] = Number.isFinite(n) ? n : raw;
    } else if (f.kind === "json") {
      try {
        out[f.key] = JSON.parse(raw) as unknown;
      } catch (err) {
        throw new AppError("CONFIG_SCHEMA_INVALID", `${f.title} is not valid JSON`, {
          fields: { [f.name]: `Not valid JSON: ${err instanceof Error ? err.message : "parse error"}` },
        });
      }
    } else {
      out[f.key] = raw;
    }
  }
  return out;
}
