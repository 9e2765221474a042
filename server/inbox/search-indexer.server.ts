import type { TandemDatabase } from "../../db/connection.server";
import { refreshConversationSearch } from "../../db/search.server";

/** Most documents rebuilt per tick: a backlog (after an import) is worked off without holding the event loop. */
const DOCUMENTS_PER_TICK = 2_000;

/**
 * Keeps the search index close behind the messages: new messages only queue
 * their conversation, and this rebuilds the queued documents a few times a
 * second. A search catches up on whatever is left first, so this is about
 * keeping that catch-up short, not about correctness.
 */
export function startSearchIndexer(db: TandemDatabase, log: (line: string) => void, intervalMs = 250): { stop(): void } {
  const timer = setInterval(() => {
    try {
      refreshConversationSearch(db, DOCUMENTS_PER_TICK);
    } catch (error) {
      log(`Search index not refreshed, will retry: ${(error as Error).message}`);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
