PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sync_updates` (
	`id` integer PRIMARY KEY NOT NULL,
	`workspace_id` integer NOT NULL,
	`document_name` text NOT NULL,
	`update` blob NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_sync_updates`("id", "workspace_id", "document_name", "update", "created_at") SELECT "id", "workspace_id", "document_name", "update", "created_at" FROM `sync_updates`;--> statement-breakpoint
DROP TABLE `sync_updates`;--> statement-breakpoint
ALTER TABLE `__new_sync_updates` RENAME TO `sync_updates`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sync_updates_document` ON `sync_updates` (`workspace_id`,`document_name`,`id`);