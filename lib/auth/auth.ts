// Auth.js (next-auth v5) with e-mail + password and JWT sessions. Configured lazily so that importing
// this module (as `next build` does) reads no secret and opens no database.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { appUrl, authSecret } from "@/lib/env";
import { attemptSignIn } from "@/lib/auth/sign-in-attempt";
import { clientIp } from "@/lib/auth/client-ip";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
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
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidSignIn();
        const outcome = await attemptSignIn({ ...parsed.data, ip: clientIp(request.headers) });
        if (!outcome.ok) throw outcome.reason === "rate_limited" ? new RateLimitedSignIn() : new InvalidSignIn();
        return outcome.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
