// Auth.js (next-auth v5) with e-mail + password and JWT sessions. Configured lazily so that importing
// this module (as `next build` does) reads no secret and opens no database. The JWT carries the id of a
// user_sessions row (lib/auth/user-sessions.ts), checked on every request, so sessions can be revoked.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { appUrl, authSecret } from "@/lib/env";
import { attemptSignIn } from "@/lib/auth/sign-in-attempt";
import { clientIp } from "@/lib/auth/client-ip";
import { safeRedirect } from "@/lib/auth/safe-redirect";
import { DEVICE_COOKIE, readCookie } from "@/lib/auth/device-cookie";
import { createUserSession, revokeSession, SESSION_MAX_AGE_S } from "@/lib/auth/user-sessions";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    sessionId?: string;
  }
  interface User {
    sessionId?: string;
  }
}

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}
class InvalidSignIn extends CredentialsSignin {
  override code = "invalid_credentials";
}

const credentialsSchema = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  useSecureCookies: appUrl().startsWith("https://"),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A wrong password is an answer, not a server error: keep it out of the error log.
  logger: {
    error(error: Error) {
      if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidSignIn();
        const outcome = await attemptSignIn({
          ...parsed.data,
          ip: clientIp(request.headers),
          deviceToken: readCookie(request.headers.get("cookie"), DEVICE_COOKIE),
        });
        if (!outcome.ok) throw outcome.reason === "rate_limited" ? new RateLimitedSignIn() : new InvalidSignIn();
        const sessionId = await createUserSession(outcome.user.id, request.headers.get("user-agent"));
        return { ...outcome.user, sessionId };
      },
    }),
  ],
  callbacks: {
    // Every redirect Auth.js makes goes through the same same-origin rule as the sign-in form.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeRedirect(path, "/w")}`;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        if (user.sessionId) token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(sid);
    },
  },
}));
