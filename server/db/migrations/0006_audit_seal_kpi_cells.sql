CREATE TABLE "kpi_day_cells" (
	"day" date NOT NULL,
	"district_code" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"gen" bigint NOT NULL,
	"above_scale_industrial" integer DEFAULT 0 NOT NULL,
	"above_scale_industrial_resumed" integer DEFAULT 0 NOT NULL,
	"normal_output_fen" bigint DEFAULT 0 NOT NULL,
	"released_output_fen" bigint DEFAULT 0 NOT NULL,
	"sme" integer DEFAULT 0 NOT NULL,
	"sme_resumed" integer DEFAULT 0 NOT NULL,
	"normal_workforce" bigint DEFAULT 0 NOT NULL,
	"on_site_workers" bigint DEFAULT 0 NOT NULL,
	"reports_expected" integer DEFAULT 0 NOT NULL,
	"reports_received" integer DEFAULT 0 NOT NULL,
	"reports_on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_day_cells_day_district_code_kind_key_pk" PRIMARY KEY("day","district_code","kind","key")
);
--> statement-breakpoint
CREATE TABLE "kpi_generations" (
	"district_code" text PRIMARY KEY NOT NULL,
	"gen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."hash" is null;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_seq_unique" UNIQUE("seq");--> statement-breakpoint
-- Entries written before sealing existed were chained in id order: that order becomes their seq.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_change";--> statement-breakpoint
UPDATE "audit_log" SET "seq" = "id" WHERE "seq" IS NULL AND "hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_change";--> statement-breakpoint
-- Still append-only, with one exception: the sealer may set seq, prev_hash and hash once on an
-- entry that has none, leaving every other column as it was.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.seq IS NULL AND OLD.prev_hash IS NULL
     AND NEW.hash IS NOT NULL AND NEW.seq > 0 AND NEW.prev_hash IS NOT NULL
     AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_username, NEW.actor_role, NEW.action, NEW.entity,
          NEW.entity_id, NEW.before, NEW.after, NEW.ip)
         IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_id, OLD.actor_username, OLD.actor_role,
          OLD.action, OLD.entity, OLD.entity_id, OLD.before, OLD.after, OLD.ip) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

--> statement-breakpoint
-- New entries arrive unsealed: a writer cannot choose its own place or hash in the chain.
CREATE OR REPLACE FUNCTION audit_log_insert_unsealed() RETURNS trigger AS $$
BEGIN
  IF NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL THEN
    RAISE EXCEPTION 'audit_log entries are sealed by the sealer, not by the writer';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_unsealed_insert BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_insert_unsealed();
