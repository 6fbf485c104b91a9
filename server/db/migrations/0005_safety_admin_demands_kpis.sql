CREATE TABLE "demand_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demand_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"demand_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"from_department" text,
	"to_department" text,
	"note" text,
	"actor_id" integer,
	"actor_name" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_routing_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demand_routing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"version" integer NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"division_code" text,
	"industry_prefix" text,
	"department_code" text NOT NULL,
	"accept_days" smallint NOT NULL,
	"resolve_days" smallint NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demand_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_code" text NOT NULL,
	"category" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demands_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text NOT NULL,
	"visit_id" integer,
	"visit_problem_index" integer,
	"inspection_id" integer,
	"raised_by" integer,
	"raised_at" timestamp with time zone NOT NULL,
	"raised_on" date NOT NULL,
	"lead_department" text NOT NULL,
	"co_departments" text[] DEFAULT '{}'::text[] NOT NULL,
	"handler_id" integer,
	"routing_version" integer,
	"status" text NOT NULL,
	"accept_days" smallint NOT NULL,
	"resolve_days" smallint NOT NULL,
	"accept_due_on" date NOT NULL,
	"resolve_due_on" date NOT NULL,
	"paused_workdays" integer DEFAULT 0 NOT NULL,
	"paused_on" date,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_on_time" boolean,
	"resolved_at" timestamp with time zone,
	"resolved_on_time" boolean,
	"resolution" text,
	"auto_close_on" date,
	"closed_at" timestamp with time zone,
	"closure" text,
	"solved" boolean,
	"rating" smallint,
	"comment" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demands_rating_range" CHECK ("demands"."rating" is null or "demands"."rating" between 1 and 5),
	CONSTRAINT "demands_escalation_range" CHECK ("demands"."escalation_level" between 0 and 2)
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"id" integer PRIMARY KEY NOT NULL,
	"targets" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
DROP INDEX "daily_reports_date_enterprise_idx";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "checklist_family" text;--> statement-breakpoint
ALTER TABLE "demand_events" ADD CONSTRAINT "demand_events_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_events" ADD CONSTRAINT "demand_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_routing_rules" ADD CONSTRAINT "demand_routing_rules_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_routing_rules" ADD CONSTRAINT "demand_routing_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_templates" ADD CONSTRAINT "demand_templates_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_templates" ADD CONSTRAINT "demand_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_visit_id_liaison_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."liaison_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_lead_department_departments_code_fk" FOREIGN KEY ("lead_department") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demand_events_demand_id_at_index" ON "demand_events" USING btree ("demand_id","at");--> statement-breakpoint
CREATE INDEX "demand_routing_rules_version_position_index" ON "demand_routing_rules" USING btree ("version","position");--> statement-breakpoint
CREATE INDEX "demand_templates_department_code_index" ON "demand_templates" USING btree ("department_code");--> statement-breakpoint
CREATE INDEX "demands_enterprise_id_index" ON "demands" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "demands_lead_department_status_index" ON "demands" USING btree ("lead_department","status");--> statement-breakpoint
CREATE INDEX "demands_raised_on_index" ON "demands" USING btree ("raised_on");--> statement-breakpoint
CREATE INDEX "demands_visit_id_index" ON "demands" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "demands_open_idx" ON "demands" USING btree ("status") WHERE "demands"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "daily_reports_date_enterprise_idx" ON "daily_reports" USING btree ("date","enterprise_id","on_time","capacity_pct","on_site_workers");