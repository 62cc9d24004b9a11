// The one way the product sends e-mail: over SMTP (nodemailer) when SMTP_URL is set, otherwise into the
// local mailbox (lib/mail/local-mailbox.ts). Callers do not know which.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { deliverToLocalMailbox } from "@/lib/mail/local-mailbox";
import type { MailMessageInput } from "@/lib/mail/mail-message";

export type MailDelivery = { via: "smtp"; messageId: string } | { via: "local-mailbox"; id: string };

const holder = globalThis as unknown as { __switchboardSmtp?: { url: string; transport: Transporter } | undefined };

function smtpTransport(url: string): Transporter {
  if (holder.__switchboardSmtp?.url !== url) holder.__switchboardSmtp = { url, transport: nodemailer.createTransport(url) };
  return holder.__switchboardSmtp.transport;
}

/** Whether mail leaves the instance (SMTP) or lands in the local mailbox. */
export function mailMode(): "smtp" | "local-mailbox" {
  return env().SMTP_URL ? "smtp" : "local-mailbox";
}

export async function sendMail(message: MailMessageInput): Promise<MailDelivery> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    const { id, file } = await deliverToLocalMailbox(MAIL_FROM, message);
    console.info(`[switchboard] mail "${message.subject}" kept in the local mailbox (no SMTP_URL): the recipient sees it at /mailbox; file ${file}`);
    return { via: "local-mailbox", id };
  }
  try {
    const info = await smtpTransport(SMTP_URL).sendMail({ from: MAIL_FROM, to: message.to, subject: message.subject, text: message.text, html: message.html });
    return { via: "smtp", messageId: String(info.messageId) };
  } catch (err) {
    // The SMTP URL can hold a password: log the error's code only, never the message or the URL.
    console.error(`[switchboard] sending mail over SMTP failed (${err instanceof Error ? ((err as Error & { code?: string }).code ?? err.name) : "unknown"})`);
    throw new AppError("PROVIDER_UNAVAILABLE", "The mail server did not accept the message. Try again later, or ask the administrator to check SMTP_URL.", undefined, { cause: err });
  }
}

/** For tests that switch SMTP_URL between cases. */
export function resetMailTransport(): void {
  holder.__switchboardSmtp?.transport.close();
  holder.__switchboardSmtp = undefined;
}
