// Setup instructions are markdown shipped with each template. Raw HTML in them is shown as text, and
// only http(s), mailto and relative links are kept, so the rendered HTML cannot carry script.
import { Marked, type Tokens } from "marked";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escape(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const safe = /^(https?:|mailto:|\/|#)/i.test(token.href);
      return safe ? `<a href="${escape(token.href)}" rel="noopener noreferrer" target="_blank">${text}</a>` : text;
    },
  },
});

export function Markdown({ source }: { source: string }) {
  const html = marked.parse(source) as string;
  return (
    <div
      className="space-y-3 text-sm leading-6 break-words text-foreground/90 [&_a]:text-primary [&_a]:underline [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:py-0.5 [&_code]:text-xs [&_code]:break-all [&_li]:ml-5 [&_ol]:list-decimal [&_strong]:font-semibold [&_strong]:text-foreground [&_ul]:list-disc"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
