CREATE TABLE "liaison_visits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "liaison_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"liaison_id" integer NOT NULL,
	"date" date NOT NULL,
	"purpose" text NOT NULL,
	"checked" text DEFAULT '' NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phase_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "phase_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"phase_code" text,
	"reason" text NOT NULL,
	"by" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumption_application_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_application_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"revision_no" integer NOT NULL,
	"planned_date" date,
	"content" jsonb NOT NULL,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumption_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"status" text NOT NULL,
	"planned_date" date,
	"content" jsonb NOT NULL,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"revision_no" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" integer,
	"return_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumption_exemptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_exemptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"phase_code" text,
	"reason" text NOT NULL,
	"by" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumption_phases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_phases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"earliest_date" date,
	"priority" integer NOT NULL,
	"rule" jsonb NOT NULL,
	"requires_verification" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resumption_phases_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "resumption_plans" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "resumption_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"revision_no" integer NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"by" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resumption_status_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_status_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"enterprise_id" integer NOT NULL,
	"status" text NOT NULL,
	"effective_date" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" integer,
	"reason" text,
	"application_id" integer
);
--> statement-breakpoint
CREATE TABLE "resumption_verifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resumption_verifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"revision_no" integer NOT NULL,
	"passed" boolean NOT NULL,
	"note" text NOT NULL,
	"by" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "liaison_visits" ADD CONSTRAINT "liaison_visits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaison_visits" ADD CONSTRAINT "liaison_visits_liaison_id_users_id_fk" FOREIGN KEY ("liaison_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phase_overrides" ADD CONSTRAINT "phase_overrides_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phase_overrides" ADD CONSTRAINT "phase_overrides_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_application_revisions" ADD CONSTRAINT "resumption_application_revisions_application_id_resumption_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resumption_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_application_revisions" ADD CONSTRAINT "resumption_application_revisions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_applications" ADD CONSTRAINT "resumption_applications_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_applications" ADD CONSTRAINT "resumption_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_applications" ADD CONSTRAINT "resumption_applications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_exemptions" ADD CONSTRAINT "resumption_exemptions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_exemptions" ADD CONSTRAINT "resumption_exemptions_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_plans" ADD CONSTRAINT "resumption_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_reviews" ADD CONSTRAINT "resumption_reviews_application_id_resumption_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resumption_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_reviews" ADD CONSTRAINT "resumption_reviews_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_status_events" ADD CONSTRAINT "resumption_status_events_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_status_events" ADD CONSTRAINT "resumption_status_events_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_status_events" ADD CONSTRAINT "resumption_status_events_application_id_resumption_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resumption_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_verifications" ADD CONSTRAINT "resumption_verifications_application_id_resumption_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resumption_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resumption_verifications" ADD CONSTRAINT "resumption_verifications_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "liaison_visits_enterprise_id_date_index" ON "liaison_visits" USING btree ("enterprise_id","date");--> statement-breakpoint
CREATE INDEX "liaison_visits_liaison_id_date_index" ON "liaison_visits" USING btree ("liaison_id","date");--> statement-breakpoint
CREATE INDEX "phase_overrides_enterprise_id_id_index" ON "phase_overrides" USING btree ("enterprise_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "resumption_application_revisions_application_id_revision_no_index" ON "resumption_application_revisions" USING btree ("application_id","revision_no");--> statement-breakpoint
CREATE INDEX "resumption_applications_enterprise_id_index" ON "resumption_applications" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "resumption_applications_status_submitted_at_index" ON "resumption_applications" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "resumption_applications_open_key" ON "resumption_applications" USING btree ("enterprise_id") WHERE "resumption_applications"."status" in ('draft', 'submitted', 'returned');--> statement-breakpoint
CREATE INDEX "resumption_exemptions_enterprise_id_index" ON "resumption_exemptions" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "resumption_reviews_application_id_index" ON "resumption_reviews" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "resumption_status_events_latest_idx" ON "resumption_status_events" USING btree ("enterprise_id","effective_date","id");--> statement-breakpoint
CREATE INDEX "resumption_status_events_effective_date_index" ON "resumption_status_events" USING btree ("effective_date");--> statement-breakpoint
CREATE INDEX "resumption_verifications_application_id_index" ON "resumption_verifications" USING btree ("application_id");