DROP INDEX `conversations_inbox`;--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`workspace_id`,`contact_id`,`channel`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_closed` ON `conversations` (`workspace_id`,`status`,`closed_at`);--> statement-breakpoint
CREATE INDEX `conversations_inbox` ON `conversations` (`workspace_id`,`status`,("waiting_since" is null),`waiting_since`,"last_message_at" desc);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `conversation_sequence` integer DEFAULT 1000 NOT NULL;--> statement-breakpoint
CREATE INDEX `usage_events_recent` ON `usage_events` (`account_id`,`at`);--> statement-breakpoint
UPDATE `workspaces` SET `conversation_sequence` = max(1000, coalesce((SELECT max(cast(substr(`public_id`, 3) AS integer)) FROM `conversations` WHERE `conversations`.`workspace_id` = `workspaces`.`id` AND `public_id` GLOB 'c-[0-9]*'), 0));
