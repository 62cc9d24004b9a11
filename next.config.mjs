// Static security headers for every route. The Content-Security-Policy (a per-request script nonce for
// pages, none at all for the JSON API) and HSTS (when APP_URL is https) are set per request in proxy.ts.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets several checkouts' builds (or several developers on one tree) not share .next/.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  devIndicators: false,
  typedRoutes: false,
  // forbidden() + app/forbidden.tsx: a member trying an admin action gets a 403 page, not a 500.
  experimental: { authInterrupts: true },
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pg",
    "@prisma/adapter-pg",
  ],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
