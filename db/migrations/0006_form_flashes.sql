CREATE TABLE "form_flashes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "form_flashes_created_at_idx" ON "form_flashes" USING btree ("created_at");