// What the shared contract suite (contract.integration.test.ts) needs to know about one provider beyond
// its definition: how to connect to its sandbox and, per object, a valid new record, a change, and a
// record the provider refuses. Each provider folder exports one (<slug>/contract-fixture.ts) and
// contract-fixtures.ts registers it. Test support only.
import type { FieldMap, NewFieldInput } from "@/lib/integrations/object-contract";
import type { TestSandbox } from "@/lib/integrations/sandbox/test-context";
import type { AuthKind } from "@/lib/integrations/types";

export type ObjectFixture = {
  /** a valid record to create; `n` makes unique values (e-mails) */
  newRecord(n: string): FieldMap;
  /** fields to update on a created record (read back afterwards) */
  change(n: string): FieldMap;
  /** a record the provider refuses with a validation error */
  invalid: FieldMap;
  /** createField input, when the object declares createField */
  newField?(n: string): NewFieldInput;
};

export type ContractFixture = {
  /** connect with an API key (the sandbox account's key as the credential named here) or through OAuth consent */
  connect: { authKind: Extract<AuthKind, "api_key">; credential: string } | { authKind: Extract<AuthKind, "oauth2"> };
  /** the connection's config; a function when it depends on the test server (Custom REST's template base URL) or the account */
  config?: Record<string, unknown> | ((env: { origin: string; sbx: TestSandbox }) => Record<string, unknown>);
  /**
   * the accountId verifyCredentials must name (default: the sandbox account's external id); for providers whose
   * API names no account id (ActiveCampaign's account URL, Loops' team name, KeyCRM's key fingerprint)
   */
  accountId?(sbx: TestSandbox): string;
  objects: Readonly<Record<string, ObjectFixture>>;
  /** where the forced 429's retry hint comes from: a Retry-After header, or the definition's default (Salesforce sends none) */
  rateLimitHint: "retry-after" | "default";
  /** the forced 429 carries an exhausted window (remaining 0) in its rate-limit headers */
  rateLimitRemainingZero: boolean;
};
