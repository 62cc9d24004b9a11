// Unit tests: no database. Anything that tries to open one gets a throwaway in-memory PGlite instead of
// the developer's .data/ folder.
process.env.SANDBOX_ENABLED ??= "true";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";
