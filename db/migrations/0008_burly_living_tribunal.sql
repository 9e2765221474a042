DROP INDEX `sync_updates_document`;--> statement-breakpoint
CREATE INDEX `sync_updates_document` ON `sync_updates` (`workspace_id`,`document_name`,`id`);