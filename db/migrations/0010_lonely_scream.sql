CREATE TABLE `conversation_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`proposal_id` integer,
	`moved_message_ids` text NOT NULL,
	`moved_thread_keys` text NOT NULL,
	`source_status` text NOT NULL,
	`merged_by` integer,
	`merged_at` integer NOT NULL,
	`undone_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposal_id`) REFERENCES `merge_proposals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`merged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `conversation_merges_target` ON `conversation_merges` (`target_id`);--> statement-breakpoint
CREATE INDEX `conversation_merges_source` ON `conversation_merges` (`source_id`);--> statement-breakpoint
CREATE TABLE `merge_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`first_id` integer NOT NULL,
	`second_id` integer NOT NULL,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`first_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`second_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `merge_proposals_pair` ON `merge_proposals` (`workspace_id`,`first_id`,`second_id`);--> statement-breakpoint
CREATE INDEX `merge_proposals_second` ON `merge_proposals` (`second_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `merged_into_id` integer;