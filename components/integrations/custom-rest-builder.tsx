"use client";

// The Custom REST template as a real form (base URL, auth, endpoints, paging, response shape, field list,
// webhook signature) with a live "Test this endpoint", and the JSON as an advanced view of the same
// object. The server validates with the template's zod schema; its messages appear next to each field.
import { FlaskConical } from "lucide-react";
import { useRef, useState, useTransition, type ReactNode } from "react";
import { toast } from "sonner";
import type { ConnectState, EndpointTestState } from "@/app/w/[slug]/integrations/actions";
import type { FormFieldDto } from "@/lib/connections/template-dto";
import type { Environment } from "@/lib/integrations/types";
import type { EndpointTestInput } from "@/lib/integrations/custom-rest/test-endpoint";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormMessage, SelectField } from "@/components/ui/field";
import { FieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/components/ui/use-action-form";
import { SchemaFields } from "@/components/integrations/schema-fields";
import { ConnectSubmit, envLabels } from "@/components/integrations/api-key-connect-form";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function getAt(o: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), o);
}

/** A copy of `o` with `path` set (undefined removes the key). */
function setAt(o: Obj, path: string, value: unknown): Obj {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  const copy: Obj = { ...o };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  copy[head] = setAt(isObj(o[head]) ? o[head] : {}, rest.join("."), value);
  return copy;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const ENDPOINTS: { key: string; label: string; needsId: boolean; optional?: boolean }[] = [
  { key: "list", label: "List contacts", needsId: false },
  { key: "get", label: "Get one contact", needsId: true },
  { key: "search", label: "Search by e-mail", needsId: false },
  { key: "create", label: "Create a contact", needsId: false },
  { key: "update", label: "Update a contact", needsId: true },
  { key: "delete", label: "Delete a contact", needsId: true, optional: true },
];
const HUB_FIELDS: { key: string; label: string; hint?: string }[] = [
  { key: "email", label: "E-mail", hint: "Required: contacts are matched by e-mail." },
  { key: "firstName", label: "First name" },
  { key: "lastName", label: "Last name" },
  { key: "phone", label: "Phone" },
  { key: "company", label: "Company" },
  { key: "leadStatus", label: "Lead status" },
  { key: "owner", label: "Owner" },
  { key: "tags", label: "Tags", hint: "An array of strings or a comma-separated string." },
  { key: "subscribed", label: "Subscribed (marketing opt-in)" },
  { key: "source", label: "Source" },
  { key: "customFields", label: "Custom fields", hint: "An object whose keys are the custom fields." },
];
const PAGING: Record<string, { label: string; params: { key: string; label: string; placeholder: string; number?: boolean }[] }> = {
  page: {
    label: "Page number (?page=2&per_page=100)",
    params: [
      { key: "pageParam", label: "Page parameter", placeholder: "page" },
      { key: "sizeParam", label: "Page size parameter", placeholder: "per_page" },
      { key: "firstPage", label: "First page number", placeholder: "1", number: true },
    ],
  },
  offset: {
    label: "Offset (?offset=100&limit=100)",
    params: [
      { key: "offsetParam", label: "Offset parameter", placeholder: "offset" },
      { key: "limitParam", label: "Limit parameter", placeholder: "limit" },
    ],
  },
  cursor: {
    label: "Cursor (?cursor=… from the last response)",
    params: [
      { key: "cursorParam", label: "Cursor parameter", placeholder: "cursor" },
      { key: "sizeParam", label: "Page size parameter (optional)", placeholder: "limit" },
      { key: "nextCursorPath", label: "Where the next cursor sits in the response", placeholder: "meta.next_cursor" },
    ],
  },
  link_header: { label: "Link header (rel=\"next\")", params: [{ key: "sizeParam", label: "Page size parameter (optional)", placeholder: "per_page" }] },
  none: { label: "No paging (one response holds everything)", params: [] },
};

function parseTemplate(text: string | null): Obj {
  if (!text) return { name: "", baseUrl: "", auth: { kind: "bearer" }, endpoints: {}, pagination: { style: "none" }, fields: {} };
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : {};
  } catch {
    return {};
  }
}

type Props = {
  action: (s: ConnectState, fd: FormData) => Promise<ConnectState>;
  testAction: (input: EndpointTestInput) => Promise<EndpointTestState>;
  environments: Environment[];
  credentials: FormFieldDto[];
  canConnect: boolean;
  exampleTemplate: string | null;
};

export function CustomRestBuilder({ action, testAction, environments, credentials, canConnect, exampleTemplate }: Props) {
  const [tpl, setTpl] = useState<Obj>(() => parseTemplate(exampleTemplate));
  const [mode, setMode] = useState<"form" | "json">("form");
  const [jsonText, setJsonText] = useState(() => JSON.stringify(parseTemplate(exampleTemplate), null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, ready, onSubmit } = useActionForm(action, {
    onResult: (s) => (s?.error ? toast.error("Not connected", { description: s.error }) : undefined),
  });
  const [test, setTest] = useState<EndpointTestState | null>(null);
  const [testing, startTest] = useTransition();
  const [testEndpoint, setTestEndpoint] = useState("verify");
  const [testArgument, setTestArgument] = useState("");

  const errors: Record<string, string> = { ...(state?.fields ?? {}), ...(test?.fields ?? {}) };
  const err = (path: string) => errors[`config.template.${path}`];
  const set = (path: string, value: unknown) => setTpl((t) => setAt(t, path, value));
  const str = (path: string) => {
    const v = getAt(tpl, path);
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  };

  function switchMode(next: string) {
    if (next === "json") {
      setJsonText(JSON.stringify(tpl, null, 2));
      setJsonError(null);
      setMode("json");
      return;
    }
    try {
      const v: unknown = JSON.parse(jsonText);
      if (!isObj(v)) throw new Error("the template must be a JSON object { … }");
      setTpl(v);
      setJsonError(null);
      setMode("form");
    } catch (e) {
      setJsonError(`Not valid JSON, so the form cannot show it: ${e instanceof Error ? e.message : "parse error"}`);
    }
  }

  /** The template as it will be sent: the form's object, or the JSON text when that view is open. */
  const templateText = mode === "json" ? jsonText : JSON.stringify(tpl);

  function runTest() {
    const form = formRef.current;
    if (!form) return;
    const fd = new FormData(form);
    let template: unknown;
    try {
      template = JSON.parse(templateText);
    } catch {
      setTest({ error: "The JSON view does not hold valid JSON.", code: "CONFIG_SCHEMA_INVALID" });
      return;
    }
    const text = (k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");
    const creds: Record<string, string> = {};
    for (const c of credentials) if (text(c.name)) creds[c.key] = text(c.name);
    startTest(async () => {
      const res = await testAction({
        environment: (text("environment") || environments[0] || "live") as Environment,
        endpoint: testEndpoint as EndpointTestInput["endpoint"],
        argument: testArgument,
        config: { template, ...(text("config.username") ? { username: text("config.username") } : {}) },
        credentials: creds,
      });
      setTest(res);
      if (res.result) toast.success("The endpoint answered", { description: res.result.summary });
      else toast.error("The endpoint test failed", { description: res.error });
    });
  }

  const authKind = str("auth.kind") || "bearer";
  const style = str("pagination.style") || "none";
  const webhookOn = isObj(getAt(tpl, "webhook"));
  const hasFieldErrors = Object.keys(state?.fields ?? {}).length > 0;

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-6" data-testid="api-key-form" noValidate>
      {state?.error ? (
        <FormMessage kind="error" code={state.code}>
          {state.error}
          {hasFieldErrors ? " The fields below say what to change." : null}
        </FormMessage>
      ) : null}
      <input type="hidden" name="config.template" value={templateText} />

      <Section title="Connection">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Connection name" name="name" defaultValue="Custom REST CRM" error={state?.fields?.name} required maxLength={80} />
          <SelectField label="Environment" name="environment" defaultValue={environments[0]} error={state?.fields?.environment}>
            {environments.map((e) => (
              <option key={e} value={e}>
                {envLabels[e]}
              </option>
            ))}
          </SelectField>
        </div>
      </Section>

      <Tabs value={mode} onValueChange={switchMode}>
        <TabsList aria-label="Template editor">
          <TabsTrigger value="form">Form</TabsTrigger>
          <TabsTrigger value="json">JSON (advanced)</TabsTrigger>
        </TabsList>
        {jsonError ? <FieldError>{jsonError}</FieldError> : null}

        <TabsContent value="form" className="space-y-6">
          <Section title="API">
            <div className="grid gap-4 md:grid-cols-2">
              <TextIn label="Template name" path="name" tpl={tpl} set={set} error={err("name")} placeholder="Acme CRM" />
              <TextIn label="Base URL" path="baseUrl" tpl={tpl} set={set} error={err("baseUrl")} placeholder="https://crm.example.com/api" type="url" hint="Every request goes to this address + the endpoint path. Public addresses only." />
              <Labelled id="tpl-auth-kind" label="Authentication" error={err("auth.kind")}>
                <NativeSelect
                  id="tpl-auth-kind"
                  value={authKind}
                  aria-invalid={err("auth.kind") ? true : undefined}
                  onChange={(e) => set("auth", e.target.value === "api_key_header" ? { kind: e.target.value, header: str("auth.header") || "X-API-Key" } : { kind: e.target.value })}
                >
                  <option value="bearer">Bearer token (Authorization: Bearer …)</option>
                  <option value="api_key_header">API key in a header</option>
                  <option value="basic">Basic (username + password)</option>
                  <option value="none">None</option>
                </NativeSelect>
              </Labelled>
              {authKind === "api_key_header" ? <TextIn label="Header name" path="auth.header" tpl={tpl} set={set} error={err("auth.header")} placeholder="X-API-Key" /> : null}
            </div>
          </Section>

          <Section title="Endpoints" description={'Paths start with "/"; {id} marks the record id.'}>
            <div className="space-y-3">
              {ENDPOINTS.map((e) => (
                <EndpointRow key={e.key} spec={e} tpl={tpl} set={set} err={err} />
              ))}
              <div className="grid gap-3 md:grid-cols-2">
                <TextIn label="E-mail query parameter of the search" path="endpoints.search.emailParam" tpl={tpl} set={set} error={err("endpoints.search.emailParam")} placeholder="email" />
                <TextIn
                  label="Credentials check (GET path, optional)"
                  path="verify.path"
                  tpl={tpl}
                  set={(p, v) => set("verify", v === undefined ? undefined : { method: "GET", path: v })}
                  error={err("verify.path")}
                  placeholder="/me"
                  hint="Defaults to the list endpoint."
                />
              </div>
            </div>
          </Section>

          <Section title="Responses">
            <div className="grid gap-4 md:grid-cols-2">
              <TextIn label="Where the list sits in a list response" path="listPath" tpl={tpl} set={set} error={err("listPath")} placeholder="data" hint="Empty when the response itself is the array." allowEmpty />
              <TextIn label="Where the record sits in a single-record response" path="recordPath" tpl={tpl} set={set} error={err("recordPath")} placeholder="data" hint="Empty when the response is the record." allowEmpty />
              <TextIn label="Wrap request bodies under (optional)" path="requestBodyPath" tpl={tpl} set={set} error={err("requestBodyPath")} placeholder="contact" />
              <TextIn label="Record id field" path="idField" tpl={tpl} set={set} error={err("idField")} placeholder="id" />
              <TextIn label="Last-modified field (optional)" path="updatedAtField" tpl={tpl} set={set} error={err("updatedAtField")} placeholder="updated_at" hint="The cursor of incremental pulls." />
              <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-2">
                <TextIn
                  label="Modified-since parameter (optional)"
                  path="modifiedSince.param"
                  tpl={tpl}
                  set={(_, v) => set("modifiedSince", v === undefined ? undefined : { format: str("modifiedSince.format") || "iso", param: v })}
                  error={err("modifiedSince.param")}
                  placeholder="updated_since"
                />
                <Labelled id="tpl-since-format" label="Format">
                  <NativeSelect id="tpl-since-format" value={str("modifiedSince.format") || "iso"} disabled={!str("modifiedSince.param")} onChange={(e) => set("modifiedSince.format", e.target.value)}>
                    <option value="iso">ISO 8601</option>
                    <option value="unix">Unix seconds</option>
                    <option value="unix_ms">Unix ms</option>
                  </NativeSelect>
                </Labelled>
              </div>
            </div>
          </Section>

          <Section title="Paging">
            <div className="grid gap-4 md:grid-cols-2">
              <Labelled id="tpl-paging" label="Paging style" error={err("pagination.style")}>
                <NativeSelect
                  id="tpl-paging"
                  value={style}
                  onChange={(e) => {
                    const size = getAt(tpl, "pagination.pageSize");
                    set("pagination", e.target.value === "none" ? { style: "none" } : { style: e.target.value, ...(typeof size === "number" ? { pageSize: size } : {}) });
                  }}
                >
                  {Object.entries(PAGING).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v.label}
                    </option>
                  ))}
                </NativeSelect>
              </Labelled>
              {style !== "none" ? <NumIn label="Page size" path="pagination.pageSize" tpl={tpl} set={set} error={err("pagination.pageSize")} placeholder="100" /> : null}
              {(PAGING[style]?.params ?? []).map((p) =>
                p.number ? (
                  <NumIn key={p.key} label={p.label} path={`pagination.${p.key}`} tpl={tpl} set={set} error={err(`pagination.${p.key}`)} placeholder={p.placeholder} />
                ) : (
                  <TextIn key={p.key} label={p.label} path={`pagination.${p.key}`} tpl={tpl} set={set} error={err(`pagination.${p.key}`)} placeholder={p.placeholder} />
                ),
              )}
            </div>
          </Section>

          <Section title="Fields" description="Where each hub field sits in a contact record, as a dot path (e.g. properties.first_name). Leave empty to skip.">
            <div className="grid gap-4 md:grid-cols-2">
              {HUB_FIELDS.map((f) => (
                <TextIn key={f.key} label={f.label} path={`fields.${f.key}`} tpl={tpl} set={set} error={err(`fields.${f.key}`)} hint={f.hint} placeholder={f.key === "email" ? "email" : ""} />
              ))}
            </div>
            {err("fields") ? <FieldError>{err("fields")}</FieldError> : null}
            <p className="mt-3 text-xs text-muted-foreground">The lead-status value map is edited in the JSON view (leadStatusMap).</p>
          </Section>

          <Section title="Webhook signature">
            <label className="flex items-center gap-3 text-sm font-medium">
              <Switch
                checked={webhookOn}
                onCheckedChange={(on) =>
                  set("webhook", on ? { signature: { header: "X-Signature", algorithm: "sha256", encoding: "hex", prefix: "", signedPayload: "{body}" }, eventTypePath: "event", recordPath: "data" } : undefined)
                }
              />
              Verify signed webhooks from this CRM
            </label>
            {webhookOn ? (
              <div className="mt-4 grid gap-4 md:grid-cols-2">
                <TextIn label="Signature header" path="webhook.signature.header" tpl={tpl} set={set} error={err("webhook.signature.header")} placeholder="X-Signature" />
                <SelectIn label="Algorithm" path="webhook.signature.algorithm" tpl={tpl} set={set} options={["sha256", "sha1", "sha512"]} />
                <SelectIn label="Encoding" path="webhook.signature.encoding" tpl={tpl} set={set} options={["hex", "base64"]} />
                <TextIn label="Prefix before the digest" path="webhook.signature.prefix" tpl={tpl} set={set} error={err("webhook.signature.prefix")} placeholder="sha256=" allowEmpty />
                <TextIn label="Timestamp header (optional)" path="webhook.signature.timestampHeader" tpl={tpl} set={set} error={err("webhook.signature.timestampHeader")} placeholder="X-Timestamp" hint="Enables the replay window." />
                <NumIn label="Replay window (seconds)" path="webhook.signature.toleranceSeconds" tpl={tpl} set={set} error={err("webhook.signature.toleranceSeconds")} placeholder="300" />
                <TextIn label="What is signed" path="webhook.signature.signedPayload" tpl={tpl} set={set} error={err("webhook.signature.signedPayload")} placeholder="{body}" hint="{timestamp} and {body} are replaced." />
                <TextIn label="Event type path" path="webhook.eventTypePath" tpl={tpl} set={set} error={err("webhook.eventTypePath")} placeholder="event" />
                <TextIn label="Event id path (optional)" path="webhook.eventIdPath" tpl={tpl} set={set} error={err("webhook.eventIdPath")} placeholder="id" />
                <TextIn label="Contact path in the payload" path="webhook.recordPath" tpl={tpl} set={set} error={err("webhook.recordPath")} placeholder="data" />
                {(["created", "updated", "deleted"] as const).map((k) => (
                  <ListIn key={k} label={`Event types meaning “${k}”`} path={`webhook.eventTypes.${k}`} tpl={tpl} set={set} placeholder={`contact.${k}`} />
                ))}
              </div>
            ) : null}
          </Section>
        </TabsContent>

        <TabsContent value="json">
          <Labelled id="tpl-json" label="Template JSON">
            <Textarea
              id="tpl-json"
              value={jsonText}
              onChange={(e) => setJsonText(e.target.value)}
              rows={22}
              spellCheck={false}
              className="font-mono text-xs"
              aria-invalid={Object.keys(errors).some((k) => k.startsWith("config.template")) ? true : undefined}
            />
            {Object.entries(errors)
              .filter(([k]) => k.startsWith("config.template"))
              .map(([k, m]) => (
                <FieldError key={k}>
                  {k.replace(/^config\.template\.?/, "") || "template"}: {m}
                </FieldError>
              ))}
          </Labelled>
        </TabsContent>
      </Tabs>

      <Section title="Credentials" description="Sent as the template's authentication says. Encrypted at rest and never shown again.">
        <div className="grid gap-4 md:grid-cols-2">
          {authKind === "basic" ? <Field label="Username" name="config.username" id="tpl-username" error={errors["config.username"]} autoComplete="off" /> : null}
          <SchemaFields fields={credentials} errors={errors} />
        </div>
      </Section>

      <Section title="Test this endpoint" description="One live request with what is typed above. Nothing is saved.">
        <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-end">
          <Labelled id="test-endpoint" label="Endpoint">
            <NativeSelect id="test-endpoint" value={testEndpoint} onChange={(e) => setTestEndpoint(e.target.value)}>
              <option value="verify">Credentials check</option>
              <option value="list">List (first page)</option>
              <option value="get">Get by id</option>
              <option value="search">Search by e-mail</option>
            </NativeSelect>
          </Labelled>
          <Labelled id="test-argument" label={testEndpoint === "get" ? "Record id" : testEndpoint === "search" ? "E-mail" : "Argument (not needed)"} error={test?.fields?.argument}>
            <Input id="test-argument" value={testArgument} onChange={(e) => setTestArgument(e.target.value)} disabled={testEndpoint === "verify" || testEndpoint === "list"} aria-invalid={test?.fields?.argument ? true : undefined} />
          </Labelled>
          <Button type="button" variant="secondary" onClick={runTest} disabled={testing}>
            <FlaskConical aria-hidden /> {testing ? "Testing…" : "Test this endpoint"}
          </Button>
        </div>
        <div aria-live="polite" className="mt-3" data-testid="endpoint-test">
          {test?.error ? (
            <FormMessage kind="error" code={test.code}>
              {test.error}
            </FormMessage>
          ) : null}
          {test?.result ? <TestResult result={test.result} /> : null}
        </div>
      </Section>

      <ConnectSubmit canConnect={canConnect} pending={pending} ready={ready} />
    </form>
  );
}

function TestResult({ result }: { result: NonNullable<EndpointTestState["result"]> }) {
  return (
    <div className="space-y-2 rounded-md border border-success/30 bg-success/10 p-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <Badge variant="success">OK</Badge>
        <code className="min-w-0 font-mono text-xs break-all">{result.request}</code>
        <span className="text-xs text-muted-foreground">{result.durationMs} ms</span>
      </p>
      <p>{result.summary}</p>
      {result.records.map((r) => (
        <dl key={r.externalId} className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-0.5 rounded border border-border bg-card p-2 text-xs">
          <dt className="text-muted-foreground">id</dt>
          <dd className="font-mono break-all">{r.externalId}</dd>
          {Object.entries(r.fields).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        </dl>
      ))}
    </div>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border border-border p-4">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {description ? <p className="-mt-1 text-xs text-muted-foreground">{description}</p> : null}
      {children}
    </fieldset>
  );
}

type InProps = { label: string; path: string; tpl: Obj; set: (path: string, v: unknown) => void; error?: string | undefined; placeholder?: string; hint?: string | undefined };
const idOf = (path: string) => `tpl-${path.replace(/\./g, "-")}`;

function Labelled({ id, label, error, hint, children }: { id: string; label: string; error?: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <div className="min-w-0 space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? <FieldError id={`${id}-error`}>{error}</FieldError> : null}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function TextIn({ label, path, tpl, set, error, placeholder, hint, type = "text", allowEmpty = false }: InProps & { type?: string; allowEmpty?: boolean }) {
  const id = idOf(path);
  const v = getAt(tpl, path);
  return (
    <Labelled id={id} label={label} error={error} hint={hint}>
      <Input
        id={id}
        type={type}
        value={typeof v === "string" || typeof v === "number" ? String(v) : ""}
        placeholder={placeholder}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined}
        onChange={(e) => set(path, e.target.value === "" && !allowEmpty ? undefined : e.target.value)}
      />
    </Labelled>
  );
}

function NumIn({ label, path, tpl, set, error, placeholder }: InProps) {
  const id = idOf(path);
  const v = getAt(tpl, path);
  return (
    <Labelled id={id} label={label} error={error}>
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        value={typeof v === "number" || typeof v === "string" ? String(v) : ""}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        // a non-number stays text so the server names the field instead of silently dropping it
        onChange={(e) => set(path, e.target.value === "" ? undefined : Number.isFinite(Number(e.target.value)) ? Number(e.target.value) : e.target.value)}
      />
    </Labelled>
  );
}

function SelectIn({ label, path, tpl, set, options }: InProps & { options: string[] }) {
  const id = idOf(path);
  const v = getAt(tpl, path);
  return (
    <Labelled id={id} label={label}>
      <NativeSelect id={id} value={typeof v === "string" ? v : (options[0] ?? "")} onChange={(e) => set(path, e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </NativeSelect>
    </Labelled>
  );
}

function ListIn({ label, path, tpl, set, placeholder }: InProps) {
  const id = idOf(path);
  const v = getAt(tpl, path);
  const [text, setText] = useState(Array.isArray(v) ? v.join(", ") : "");
  return (
    <Labelled id={id} label={label} hint="Comma-separated.">
      <Input
        id={id}
        value={text}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          set(
            path,
            e.target.value
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          );
        }}
      />
    </Labelled>
  );
}

function EndpointRow({ spec, tpl, set, err }: { spec: (typeof ENDPOINTS)[number]; tpl: Obj; set: (p: string, v: unknown) => void; err: (p: string) => string | undefined }) {
  const base = `endpoints.${spec.key}`;
  const present = isObj(getAt(tpl, base));
  const method = getAt(tpl, `${base}.method`);
  const path = getAt(tpl, `${base}.path`);
  const error = err(`${base}.path`) ?? err(`${base}.method`) ?? err(base);
  const id = idOf(`${base}.path`);
  return (
    <div className="grid gap-2 sm:grid-cols-[11rem_7rem_minmax(0,1fr)] sm:items-center">
      <label htmlFor={id} className={cn("text-sm font-medium", !present && spec.optional && "text-muted-foreground")}>
        {spec.label}
        {spec.optional ? <span className="ml-1 font-normal text-muted-foreground">(optional)</span> : null}
      </label>
      <NativeSelect aria-label={`${spec.label}: HTTP method`} value={typeof method === "string" ? method : spec.key === "create" ? "POST" : spec.key === "update" ? "PATCH" : spec.key === "delete" ? "DELETE" : "GET"} onChange={(e) => set(`${base}.method`, e.target.value)}>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </NativeSelect>
      <Input
        id={id}
        value={typeof path === "string" ? path : ""}
        placeholder={spec.needsId ? "/contacts/{id}" : "/contacts"}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          if (e.target.value === "" && spec.optional) set(base, undefined);
          else set(`${base}.path`, e.target.value);
        }}
      />
      {error ? (
        <div className="sm:col-start-3">
          <FieldError id={`${id}-error`}>{error}</FieldError>
        </div>
      ) : null}
    </div>
  );
}
