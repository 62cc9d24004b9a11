// A small SOQL subset for the Salesforce sandbox: SELECT fields FROM object [WHERE cond (AND|OR cond)*]
// [ORDER BY field [ASC|DESC] (, ...)*] [LIMIT n] [OFFSET n]. Conditions compare a field with a string,
// number, boolean, null or datetime literal (=, !=, <, <=, >, >=, LIKE, IN).

export type SoqlValue = string | number | boolean | null | { datetime: number } | SoqlValue[];
export type SoqlCondition = { field: string; op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "IN"; value: SoqlValue };
export type SoqlQuery = {
  fields: string[];
  object: string;
  where: { joiner: "AND" | "OR"; conditions: SoqlCondition[] } | null;
  orderBy: { field: string; direction: "ASC" | "DESC" }[];
  limit: number | null;
  offset: number;
};

export class SoqlError extends Error {}

type Token = { kind: "word" | "string" | "op" | "punct"; text: string };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = "";
      i++;
      while (i < q.length && q[i] !== "'") {
        if (q[i] === "\\" && i + 1 < q.length) {
          s += q[i + 1];
          i += 2;
        } else s += q[i++];
      }
      if (q[i] !== "'") throw new SoqlError("unterminated string literal");
      i++;
      out.push({ kind: "string", text: s });
    } else if ("<>!=".includes(c)) {
      const two = q.slice(i, i + 2);
      const op = ["<=", ">=", "!="].includes(two) ? two : c;
      out.push({ kind: "op", text: op });
      i += op.length;
    } else if (",()".includes(c)) {
      out.push({ kind: "punct", text: c });
      i++;
    } else {
      const m = /^[\w.:+-]+/.exec(q.slice(i));
      if (!m) throw new SoqlError(`unexpected token at '${q.slice(i, i + 10)}'`);
      out.push({ kind: "word", text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

function literal(t: Token): SoqlValue {
  if (t.kind === "string") return t.text;
  const w = t.text;
  if (/^(true|false)$/i.test(w)) return w.toLowerCase() === "true";
  if (/^null$/i.test(w)) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(w)) {
    const ms = Date.parse(w.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    if (Number.isNaN(ms)) throw new SoqlError(`invalid datetime ${w}`);
    return { datetime: ms };
  }
  if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
  throw new SoqlError(`unexpected token: ${w}`);
}

export function parseSoql(q: string): SoqlQuery {
  const t = tokenize(q);
  let i = 0;
  const peek = () => t[i];
  const kw = (word: string) => peek()?.kind === "word" && peek()!.text.toUpperCase() === word;
  const expectKw = (word: string) => {
    if (!kw(word)) throw new SoqlError(`expecting '${word}'`);
    i++;
  };
  expectKw("SELECT");
  const fields: string[] = [];
  for (;;) {
    const f = t[i++];
    if (!f || f.kind !== "word") throw new SoqlError("expecting a field name");
    fields.push(f.text);
    if (peek()?.text === ",") i++;
    else break;
  }
  expectKw("FROM");
  const obj = t[i++];
  if (!obj || obj.kind !== "word") throw new SoqlError("expecting an object name");
  let where: SoqlQuery["where"] = null;
  if (kw("WHERE")) {
    i++;
    const conditions: SoqlCondition[] = [];
    let joiner: "AND" | "OR" | null = null;
    for (;;) {
      const field = t[i++];
      if (!field || field.kind !== "word") throw new SoqlError("expecting a field in WHERE");
      let op: SoqlCondition["op"];
      if (peek()?.kind === "op") op = t[i++]!.text as SoqlCondition["op"];
      else if (kw("LIKE") || kw("IN")) op = t[i++]!.text.toUpperCase() as SoqlCondition["op"];
      else throw new SoqlError("expecting an operator");
      let value: SoqlValue;
      if (op === "IN") {
        if (peek()?.text !== "(") throw new SoqlError("expecting '(' after IN");
        i++;
        const list: SoqlValue[] = [];
        while (peek() && peek()!.text !== ")") {
          list.push(literal(t[i++]!));
          if (peek()?.text === ",") i++;
        }
        i++;
        value = list;
      } else {
        const v = t[i++];
        if (!v) throw new SoqlError("expecting a value");
        value = literal(v);
      }
      conditions.push({ field: field.text, op, value });
      if (kw("AND") || kw("OR")) {
        const j = t[i++]!.text.toUpperCase() as "AND" | "OR";
        if (joiner && joiner !== j) throw new SoqlError("mixing AND and OR needs parentheses, which this sandbox does not support");
        joiner = j;
      } else break;
    }
    where = { joiner: joiner ?? "AND", conditions };
  }
  const orderBy: SoqlQuery["orderBy"] = [];
  if (kw("ORDER")) {
    i++;
    expectKw("BY");
    for (;;) {
      const f = t[i++];
      if (!f || f.kind !== "word") throw new SoqlError("expecting a field in ORDER BY");
      let direction: "ASC" | "DESC" = "ASC";
      if (kw("ASC") || kw("DESC")) direction = t[i++]!.text.toUpperCase() as "ASC" | "DESC";
      if (kw("NULLS")) i += 2;
      orderBy.push({ field: f.text, direction });
      if (peek()?.text === ",") i++;
      else break;
    }
  }
  let limit: number | null = null;
  let offset = 0;
  if (kw("LIMIT")) {
    i++;
    limit = Number(t[i++]?.text);
    if (!Number.isInteger(limit) || limit < 0) throw new SoqlError("invalid LIMIT");
  }
  if (kw("OFFSET")) {
    i++;
    offset = Number(t[i++]?.text);
    if (!Number.isInteger(offset) || offset < 0) throw new SoqlError("invalid OFFSET");
  }
  if (i < t.length) throw new SoqlError(`unexpected token: '${t[i]!.text}'`);
  return { fields, object: obj.text, where, orderBy, limit, offset };
}

function cmp(a: unknown, b: SoqlValue): number | null {
  if (b === null || a === null || a === undefined) return null;
  if (typeof b === "object" && !Array.isArray(b) && "datetime" in b) {
    const t = typeof a === "string" ? Date.parse(a.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : NaN;
    return Number.isNaN(t) ? null : t - b.datetime;
  }
  if (typeof b === "number") return Number(a) - b;
  if (typeof b === "boolean") return a === b ? 0 : 1;
  const as = String(a).toLowerCase();
  const bs = String(b).toLowerCase();
  return as === bs ? 0 : as < bs ? -1 : 1;
}

export function evaluate(rec: Record<string, unknown>, c: SoqlCondition): boolean {
  const actual = rec[c.field];
  if (c.value === null) {
    const isNull = actual === null || actual === undefined || actual === "";
    return c.op === "=" ? isNull : c.op === "!=" ? !isNull : false;
  }
  if (c.op === "IN") return (c.value as SoqlValue[]).some((v) => cmp(actual, v) === 0);
  if (c.op === "LIKE") {
    const re = new RegExp(`^${String(c.value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, "i");
    return typeof actual === "string" && re.test(actual);
  }
  const d = cmp(actual, c.value);
  if (d === null) return c.op === "!=";
  switch (c.op) {
    case "=": return d === 0;
    case "!=": return d !== 0;
    case "<": return d < 0;
    case "<=": return d <= 0;
    case ">": return d > 0;
    case ">=": return d >= 0;
  }
}
