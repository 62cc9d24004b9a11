// ActiveCampaign posts webhooks as application/x-www-form-urlencoded with PHP-style brackets
// (`contact[fields][12]=x`). This turns such a body into nested objects; numeric keys stay object keys.
export type FormValue = string | FormObject;
export type FormObject = { [key: string]: FormValue };

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  for (const m of key.slice(first).matchAll(re)) parts.push(m[1] ?? "");
  return parts;
}

export function parsePhpForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = splitKey(key);
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      let part = path[i] ?? "";
      const last = i === path.length - 1;
      // `a[]=x` appends; give it the next free index
      if (part === "") part = String(Object.keys(node).length);
      if (last) {
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next === "object") node = next;
        else {
          const created: FormObject = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  return root;
}
