// What every outgoing mail is made of, and the escaping its HTML part needs.
export type MailMessageInput = { to: string; subject: string; text: string; html: string };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A plain mail with one call to action; `paragraphs` are text, escaped here. */
export function simpleMail(input: { to: string; subject: string; paragraphs: string[]; action: { label: string; url: string }; footer: string }): MailMessageInput {
  const text = [...input.paragraphs, `${input.action.label}: ${input.action.url}`, input.footer].join("\n\n");
  const html = [
    ...input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(input.action.url)}">${escapeHtml(input.action.label)}</a></p>`,
    `<p style="color:#666;font-size:12px">${escapeHtml(input.footer)}</p>`,
  ].join("\n");
  return { to: input.to, subject: input.subject, text, html };
}
