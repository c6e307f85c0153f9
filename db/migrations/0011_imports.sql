CREATE TABLE "import_run_batches" (
	"run_id" bigint NOT NULL,
	"batch_number" integer NOT NULL,
	"file_digest" text NOT NULL,
	"outcome" text NOT NULL,
	"first_line" integer NOT NULL,
	"last_line" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"message" text,
	CONSTRAINT "import_run_batches_run_id_batch_number_pk" PRIMARY KEY("run_id","batch_number")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"upload_id" bigint NOT NULL,
	"dry_run" boolean NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"batch_count" integer NOT NULL,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"action_id" bigint,
	"message" text,
	"editor_name" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_runs_status" CHECK ("import_runs"."status" in ('running', 'done', 'failed', 'stopped'))
);
--> statement-breakpoint
CREATE TABLE "import_uploads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_uploads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"file_name" text NOT NULL,
	"file_digest" text NOT NULL,
	"byte_count" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"refusal" text,
	"editor_id" integer,
	"editor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_run_batches" ADD CONSTRAINT "import_run_batches_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_upload_id_import_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."import_uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_runs" ADD CONSTRAINT "import_runs_action_id_change_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."change_actions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_editor_id_editors_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."editors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_run_batches_applied_once" ON "import_run_batches" USING btree ("file_digest","batch_number") WHERE "import_run_batches"."outcome" = 'applied';--> statement-breakpoint
CREATE INDEX "import_runs_upload_id_idx" ON "import_runs" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "import_uploads_created_at_idx" ON "import_uploads" USING btree ("created_at");