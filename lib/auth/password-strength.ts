// Refuses guessable passwords with zxcvbn-ts (common-password and English dictionaries, keyboard
// patterns, dates, l33t), scoring the password against the person's own name and address too.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;
/** Longer passwords are scored on their first 100 characters, which keeps the check fast. */
const SCORED_LENGTH = 100;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** "Grace Hopper" -> grace, hopper, gracehopper; "grace.h@navy.test" -> also grace.h, graceh, navy. */
function personalWords(input: string): string[] {
  const lower = input.trim().toLowerCase();
  const local = lower.includes("@") ? lower.slice(0, lower.indexOf("@")) : lower;
  const words = [lower, local, local.replace(/[^a-z0-9]+/g, ""), ...lower.split(/[^a-z0-9]+/)];
  return [...new Set(words)].filter((w) => w.length >= 3);
}

/** A sentence to show the person when the password is too easy to guess, or null when it is strong enough. */
export function weakPasswordReason(password: string, userInputs: readonly string[] = []): string | null {
  const inputs = ["switchboard", ...userInputs.flatMap(personalWords)];
  const result = zxcvbn().check(password.slice(0, SCORED_LENGTH), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const hint = result.feedback.warning ?? result.feedback.suggestions[0] ?? null;
  return `This password is too easy to guess${hint ? `: ${hint.replace(/\.$/, "").toLowerCase()}` : ""}. Add more words or characters.`;
}
