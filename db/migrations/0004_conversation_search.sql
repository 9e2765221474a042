-- Search finds conversations, so the index holds one document per conversation: the text of all its
-- messages, rowid = conversation id. A match is a conversation at once, with no join through a million
-- message rows, and words may sit in different messages of the thread. Contentless: the text stays in
-- `messages` only. It replaces the per-message index, whose join back to the messages was the cost.
DROP TRIGGER `messages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_update`;
--> statement-breakpoint
DROP TABLE `messages_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `conversation_search` USING fts5(`text`, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `conversation_search`(`rowid`, `text`)
  SELECT `conversation_id`, group_concat(`text`, char(10)) FROM `messages` GROUP BY `conversation_id`;
--> statement-breakpoint
-- Rebuilding a document on every message would re-index the whole thread inside each customer
-- message's transaction. Triggers only note which conversations changed; db/search.server.ts
-- rebuilds their documents in batches, and before any search, so a search never misses a message.
CREATE TABLE `conversation_search_queue` (`conversation_id` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE TRIGGER `conversation_search_insert` AFTER INSERT ON `messages` BEGIN
  INSERT OR IGNORE INTO `conversation_search_queue` VALUES (new.`conversation_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversation_search_delete` AFTER DELETE ON `messages` BEGIN
  INSERT OR IGNORE INTO `conversation_search_queue` VALUES (old.`conversation_id`);
END;
--> statement-breakpoint
-- A message edited or moved to another conversation (a merge): both documents change.
CREATE TRIGGER `conversation_search_update` AFTER UPDATE OF `text`, `conversation_id` ON `messages` BEGIN
  INSERT OR IGNORE INTO `conversation_search_queue` VALUES (old.`conversation_id`), (new.`conversation_id`);
END;
