/**
 * What Tandem keeps in the browser: replicas of the live documents
 * (IndexedDB) and replies queued while offline (localStorage). One prefix
 * for all of it, so signing out forgets it: the next person at this browser
 * must not see a workspace's drafts, or send someone else's queued reply.
 */
const PREFIX = "tandem:";

/** Where this browser keeps its replica of a workspace's shared document. */
export const replicaName = (workspaceSlug: string, documentName: string) => `${PREFIX}${workspaceSlug}:${documentName}`;

/** Where a reply written offline waits for the connection. */
export const outboxKey = (workspaceSlug: string, conversationId: string) => `${PREFIX}${workspaceSlug}:outbox:${conversationId}`;

/** Deletes everything Tandem kept in this browser. */
export async function forgetThisBrowser(): Promise<void> {
  for (const key of Object.keys(window.localStorage)) if (key.startsWith(PREFIX)) window.localStorage.removeItem(key);
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases
      .filter((database) => database.name?.startsWith(PREFIX))
      .map(
        (database) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(database.name!);
            // Blocked by this page's own open replicas: the deletion completes as the page leaves.
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
