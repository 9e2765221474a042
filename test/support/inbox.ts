import type { TandemDatabase } from "../../db/connection.server";
import { listInboxView, type InboxViewRow } from "../../db/inbox-views.server";

/** Every open conversation of a workspace in the inbox's own order, as the All open view lists them. */
export function openInbox(db: TandemDatabase, workspaceId: number): InboxViewRow[] {
  // Nobody in particular is looking: "All open" does not depend on who.
  return listInboxView(db, { workspaceId, userId: 0, teamId: null }, { view: "open" }, { limit: 10_000 });
}
