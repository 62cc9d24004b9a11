// The local mailbox: where mail goes when no SMTP_URL is configured (the embedded default), so a
// newcomer can verify an address or reset a password with no mail server. Each mail is a row that the
// recipient sees at /mailbox once signed in (only mail addressed to their own address), and a .eml file
// under $DATA_DIR/mailbox (folder 0700, file 0600) for the operator of an instance whose owner cannot
// sign in at all.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/client";
import { dataDir } from "@/lib/env";
import { normaliseEmail } from "@/lib/auth/sign-in-attempt";
import type { MailMessageInput } from "@/lib/mail/mail-message";

export type MailboxEntry = { id: string; subject: string; text: string; html: string; createdAt: string };

function emlFile(id: string, from: string, m: MailMessageInput, at: Date): string {
  const boundary = `sb-${id}`;
  return [
    `From: ${from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject.replace(/[\r\n]+/g, " ")}`,
    `Date: ${at.toUTCString()}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    m.text,
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "",
    m.html,
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

export async function deliverToLocalMailbox(from: string, m: MailMessageInput, now = new Date()): Promise<{ id: string; file: string }> {
  const row = await db.mailMessage.create({
    data: { recipient: normaliseEmail(m.to), subject: m.subject, text: m.text, html: m.html, createdAt: now },
    select: { id: true },
  });
  const dir = path.join(dataDir(), "mailbox");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = path.join(dir, `${now.toISOString().replace(/[:.]/g, "-")}-${row.id}.eml`);
  writeFileSync(file, emlFile(row.id, from, m, now), { mode: 0o600 });
  return { id: row.id, file };
}

/** The mail addressed to this user's own address, newest first. */
export async function listMailbox(userEmail: string, limit = 50): Promise<MailboxEntry[]> {
  const rows = await db.mailMessage.findMany({
    where: { recipient: normaliseEmail(userEmail) },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, subject: true, text: true, html: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
