// Mail over a real SMTP server started here (smtp-server on 127.0.0.1, with authentication), and the
// local mailbox when SMTP_URL is unset: each user reads only the mail addressed to them.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { simpleMail } from "@/lib/mail/mail-message";
import { mailMode, resetMailTransport, sendMail } from "@/lib/mail/send-mail";
import { uniqueSuffix } from "@/lib/testing/factories";

type Received = { from: string; to: string[]; raw: string; user: string | undefined };
const received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "mailer" && auth.password === "s3cret-pass") return cb(null, { user: auth.username });
      return cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  resetMailTransport();
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  resetEnvCache();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const message = (to: string) =>
  simpleMail({ to, subject: "Reset <your> password", paragraphs: ["Hello <b>Ada</b>,"], action: { label: "Open", url: "http://localhost/x?a=1&b=2" }, footer: "Bye" });

describe("sendMail over SMTP", () => {
  it("delivers to the SMTP server with authentication, the From address and both parts; nothing lands in the local mailbox", async () => {
    process.env.SMTP_URL = `smtp://mailer:s3cret-pass@127.0.0.1:${port}`;
    process.env.MAIL_FROM = "Switchboard <noreply@switchboard.test>";
    resetEnvCache();
    resetMailTransport();
    expect(mailMode()).toBe("smtp");
    const to = `smtp-${uniqueSuffix()}@example.test`;
    const delivery = await sendMail(message(to));
    expect(delivery.via).toBe("smtp");
    const got = received.find((r) => r.to.includes(to));
    expect(got).toMatchObject({ from: "noreply@switchboard.test", user: "mailer" });
    expect(got!.raw).toContain("Subject: Reset <your> password");
    expect(got!.raw).toContain("Hello &lt;b&gt;Ada&lt;/b&gt;");
    expect(got!.raw).toContain("http://localhost/x?a=1&amp;b=2");
    expect(await listMailbox(to)).toEqual([]);
  });

  it("a refused login is a PROVIDER_UNAVAILABLE error that does not contain the SMTP password", async () => {
    process.env.SMTP_URL = `smtp://mailer:wrong-pass@127.0.0.1:${port}`;
    resetEnvCache();
    resetMailTransport();
    const err = await sendMail(message(`x-${uniqueSuffix()}@example.test`)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(JSON.stringify(err)).not.toContain("wrong-pass");
  });
});

describe("the local mailbox (no SMTP_URL)", () => {
  it("keeps the mail for its recipient only, and writes a 0600 .eml file in a 0700 folder", async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    resetMailTransport();
    expect(mailMode()).toBe("local-mailbox");
    const ada = `Ada-${uniqueSuffix()}@Example.test`;
    const bob = `bob-${uniqueSuffix()}@example.test`;
    const before = received.length;
    const delivery = await sendMail(message(ada));
    await sendMail({ ...message(bob), subject: "for bob" });
    expect(received.length).toBe(before);
    expect(delivery.via).toBe("local-mailbox");

    const adaMail = await listMailbox(ada.toLowerCase());
    expect(adaMail.map((m) => m.subject)).toEqual(["Reset <your> password"]);
    expect((await listMailbox(bob)).map((m) => m.subject)).toEqual(["for bob"]);

    const row = await db.mailMessage.findUniqueOrThrow({ where: { id: delivery.via === "local-mailbox" ? delivery.id : "" } });
    expect(row.recipient).toBe(ada.toLowerCase());
    const dir = `${process.env.DATA_DIR}/mailbox`;
    const file = (await import("node:fs")).readdirSync(dir).find((f) => f.endsWith(`-${row.id}.eml`));
    expect(file).toBeDefined();
    const full = `${dir}/${file}`;
    expect(existsSync(full)).toBe(true);
    expect(statSync(full).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(full, "utf8")).toContain(`To: ${ada}`);
  });
});
