CREATE INDEX "products_updated_at_id_idx" ON "products" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "products_title_lower_id_idx" ON "products" USING btree (lower("title"),"id");--> statement-breakpoint
CREATE INDEX "products_price_id_idx" ON "products" USING btree ("price","id");