// Where a change came from, as stored with every field and change row.
export type ChangeSource =
  | { kind: "user"; userId: string }
  | { kind: "api"; keyId: string }
  | { kind: "connection"; connectionId: string }
  | { kind: "system" };

export function sourceTag(source: ChangeSource): string {
  switch (source.kind) {
    case "user":
      return `user:${source.userId}`;
    case "api":
      return `api:${source.keyId}`;
    case "connection":
      return `connection:${source.connectionId}`;
    case "system":
      return "system";
  }
}

export function parseSourceTag(tag: string): ChangeSource {
  const [kind, id] = [tag.slice(0, tag.indexOf(":")), tag.slice(tag.indexOf(":") + 1)];
  if (kind === "user" && id) return { kind: "user", userId: id };
  if (kind === "api" && id) return { kind: "api", keyId: id };
  if (kind === "connection" && id) return { kind: "connection", connectionId: id };
  return { kind: "system" };
}
