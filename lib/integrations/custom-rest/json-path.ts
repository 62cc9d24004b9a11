// Dot paths ("contact.name.first", "emails.0") into JSON, as the Custom REST template names fields.
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function getPath(value: unknown, path: string): unknown {
  if (path === "" || path === ".") return value;
  let node: unknown = value;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Set a value at a dot path, creating objects (or arrays for numeric segments) on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const key: string | number = Array.isArray(node) ? Number(part) : part;
    if (i === parts.length - 1) {
      (node as Record<string | number, unknown>)[key] = value;
      return;
    }
    let next = (node as Record<string | number, unknown>)[key];
    if (next === null || typeof next !== "object") {
      next = /^\d+$/.test(parts[i + 1] ?? "") ? [] : {};
      (node as Record<string | number, unknown>)[key] = next;
    }
    node = next as Record<string, unknown> | unknown[];
  }
}
