export type SessionUser = { id: string; email: string; name: string };
