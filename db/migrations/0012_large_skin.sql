CREATE TABLE `quality_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`conversation_id` integer NOT NULL,
	`week_start` integer NOT NULL,
	`rep_id` integer NOT NULL,
	`reasons` text NOT NULL,
	`ai_drafted` integer NOT NULL,
	`pre_score` text,
	`rubric_version` integer,
	`scores` text,
	`overall` real,
	`coaching_note` text,
	`reviewer_id` integer,
	`scored_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_reviews_conversation` ON `quality_reviews` (`workspace_id`,`week_start`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `quality_reviews_rep` ON `quality_reviews` (`workspace_id`,`rep_id`,`week_start`);--> statement-breakpoint
CREATE TABLE `rubric_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`version` integer NOT NULL,
	`rubric` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rubric_versions_version` ON `rubric_versions` (`workspace_id`,`version`);