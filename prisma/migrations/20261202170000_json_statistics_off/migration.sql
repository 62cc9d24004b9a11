-- No planner statistics for JSON columns. The planner cannot use them (a condition on a JSON path is
-- estimated without column statistics anyway), and sampling the documents was about three quarters of
-- an ANALYZE of hub_records. This makes autovacuum's analyze cheaper on PostgreSQL, and the embedded
-- database's own analyze (lib/db/auto-analyze.ts) cheap enough to run as tables grow.
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT c.relname, a.attname
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema()
       AND c.relkind = 'r'
       AND a.attnum > 0
       AND NOT a.attisdropped
       AND a.atttypid IN ('json'::regtype, 'jsonb'::regtype)
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 0', col.relname, col.attname);
  END LOOP;
END $$;
