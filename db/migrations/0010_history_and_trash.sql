CREATE TABLE "change_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"editor_id" integer,
	"editor_name" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"product_count" integer DEFAULT 0 NOT NULL,
	"undoes_action_id" bigint,
	"undone_by_action_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_actions_kind" CHECK ("change_actions"."kind" in ('create', 'edit', 'bulk-price', 'delete', 'restore', 'purge', 'undo', 'import'))
);
--> statement-breakpoint
CREATE TABLE "product_changes" (
	"action_id" bigint NOT NULL,
	"product_id" integer NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"version_after" integer,
	CONSTRAINT "product_changes_action_id_product_id_pk" PRIMARY KEY("action_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "change_actions" ADD CONSTRAINT "change_actions_editor_id_editors_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."editors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_changes" ADD CONSTRAINT "product_changes_action_id_change_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."change_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_actions_created_at_id_idx" ON "change_actions" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "change_actions_editor_id_idx" ON "change_actions" USING btree ("editor_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "change_actions_kind_id_idx" ON "change_actions" USING btree ("kind","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "product_changes_product_id_idx" ON "product_changes" USING btree ("product_id","action_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "products_trash_idx" ON "products" USING btree ("deleted_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "products"."deleted_at" is not null;