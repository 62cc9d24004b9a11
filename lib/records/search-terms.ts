// Search in the hub is prefix search on normalised words (hub_records.search, a tsvector of these words
// as they are, GIN-indexed): every word of a name, the e-mail, its local part and domain, phone digits
// (international and national), numbers and SKUs.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { nationalNumberOf } from "@/lib/records/normalize-phone";

const MAX_TERM = 64;

/** Lower-cased words of free text, accents kept, punctuation dropped. */
export function wordsOf(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_TERM));
}

export function emailTerms(email: string | null | undefined): string[] {
  if (!email) return [];
  const lower = email.trim().toLowerCase();
  const [local = "", domain = ""] = lower.split("@");
  return [lower.slice(0, MAX_TERM), local.slice(0, MAX_TERM), domain.slice(0, MAX_TERM), ...wordsOf(local)].filter(Boolean);
}

export function phoneTerms(phone: string | null | undefined): string[] {
  if (!phone) return [];
  const digits = phone.replace(/\D/g, "");
  return [digits, nationalOf(phone)].filter((d) => d.length > 0);
}

/** A phone's national number ("" when it does not parse); an E.164 number normalizePhone just parsed is not parsed again. */
function nationalOf(phone: string): string {
  const known = nationalNumberOf(phone);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(phone);
  return parsed?.nationalNumber ? String(parsed.nationalNumber) : "";
}

export function uniqueTerms(...lists: string[][]): string[] {
  return [...new Set(lists.flat().filter((t) => t.length > 0))];
}

/** The words a person typed, normalised like the stored terms (digits-only queries keep just the digits). */
export function queryTerms(query: string): string[] {
  const trimmed = query.trim();
  if (/^\+?[\d\s().-]+$/.test(trimmed) && /\d{3,}/.test(trimmed.replace(/\D/g, ""))) return [trimmed.replace(/\D/g, "")];
  if (trimmed.includes("@")) return [trimmed.toLowerCase().slice(0, MAX_TERM)];
  return uniqueTerms(wordsOf(trimmed)).slice(0, 5);
}
