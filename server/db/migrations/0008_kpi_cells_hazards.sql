-- Cells stored before this migration have no hazard counts: drop them (derived data; they are
-- recomputed on demand and by the scheduled precompute).
DELETE FROM "kpi_day_cells";--> statement-breakpoint
ALTER TABLE "kpi_day_cells" ADD COLUMN "hazards_found" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_day_cells" ADD COLUMN "hazards_closed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_day_cells" ADD COLUMN "hazards_overdue" integer DEFAULT 0 NOT NULL;