CREATE TABLE "chase_runs" (
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"stage" text NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"result" jsonb,
	CONSTRAINT "chase_runs_kind_date_stage_pk" PRIMARY KEY("kind","date","stage")
);
--> statement-breakpoint
CREATE TABLE "daily_report_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "daily_report_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"form_version" integer NOT NULL,
	"values" jsonb NOT NULL,
	"zero" boolean NOT NULL,
	"content" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"on_behalf" boolean NOT NULL,
	"source" text NOT NULL,
	"filed_by" integer,
	"filed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "daily_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"date" date NOT NULL,
	"form_version" integer NOT NULL,
	"values" jsonb NOT NULL,
	"zero" boolean DEFAULT false NOT NULL,
	"content" text NOT NULL,
	"on_time" boolean NOT NULL,
	"on_site_workers" integer,
	"capacity_pct" double precision,
	"revision" integer DEFAULT 1 NOT NULL,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"first_filed_at" timestamp with time zone NOT NULL,
	"first_filed_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "directive_targets" (
	"directive_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"actions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	CONSTRAINT "directive_targets_directive_id_enterprise_id_pk" PRIMARY KEY("directive_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "directives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "directives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"body" text NOT NULL,
	"actions" jsonb NOT NULL,
	"target" jsonb NOT NULL,
	"due_date" date NOT NULL,
	"target_count" integer DEFAULT 0 NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" integer
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"enterprise_id" integer,
	"ref_date" date,
	"subject_type" text,
	"subject_id" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_alerts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"date" date NOT NULL,
	"revision" integer NOT NULL,
	"values" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"action_taken" text
);
--> statement-breakpoint
CREATE TABLE "report_forms" (
	"version" integer PRIMARY KEY NOT NULL,
	"fields" jsonb NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" text NOT NULL,
	"lock_after_days" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
ALTER TABLE "daily_report_revisions" ADD CONSTRAINT "daily_report_revisions_report_id_daily_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."daily_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_report_revisions" ADD CONSTRAINT "daily_report_revisions_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_form_version_report_forms_version_fk" FOREIGN KEY ("form_version") REFERENCES "public"."report_forms"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_first_filed_by_users_id_fk" FOREIGN KEY ("first_filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_targets" ADD CONSTRAINT "directive_targets_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_targets" ADD CONSTRAINT "directive_targets_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directive_targets" ADD CONSTRAINT "directive_targets_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_alerts" ADD CONSTRAINT "report_alerts_report_id_daily_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."daily_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_alerts" ADD CONSTRAINT "report_alerts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_alerts" ADD CONSTRAINT "report_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_forms" ADD CONSTRAINT "report_forms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "daily_report_revisions_report_revision_key" ON "daily_report_revisions" USING btree ("report_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_reports_enterprise_date_key" ON "daily_reports" USING btree ("enterprise_id","date");--> statement-breakpoint
CREATE INDEX "daily_reports_date_enterprise_idx" ON "daily_reports" USING btree ("date","enterprise_id");--> statement-breakpoint
CREATE INDEX "directive_targets_enterprise_id_index" ON "directive_targets" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "directives_due_date_index" ON "directives" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_id_id_index" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_status_next_attempt_at_index" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_alerts_open_key" ON "report_alerts" USING btree ("report_id") WHERE "report_alerts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "report_alerts_status_created_at_index" ON "report_alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "report_alerts_enterprise_id_date_index" ON "report_alerts" USING btree ("enterprise_id","date");