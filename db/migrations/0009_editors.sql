-- Sessions from before named editors belong to nobody: their holders sign in again, by name.
DELETE FROM "admin_sessions";--> statement-breakpoint
CREATE TABLE "editors" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "editors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"password_hash" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD COLUMN "editor_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "editors_name_lower_idx" ON "editors" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_editor_id_editors_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."editors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_sessions_editor_id_idx" ON "admin_sessions" USING btree ("editor_id");