import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { TandemDatabase } from "../db/connection.server";
import { findConversation } from "../db/conversations.server";
import { parseDocName } from "../sync/inbox-doc";
import type { SyncPeer } from "../sync/sync-server.server";
import type { Auth } from "./auth/auth.server";

export const SYNC_PATH_PREFIX = "/sync/";

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Admission to `/sync/DOCNAME`: a session cookie or `?token=` for the document's
 * own workspace, or the upgrade is refused before any document data is sent.
 * Returns the admitted document's name and who is connecting, or undefined after refusing.
 */
export async function admitSyncUpgrade(
  db: TandemDatabase,
  auth: Auth,
  request: IncomingMessage,
  socket: Duplex,
): Promise<{ name: string; peer: SyncPeer } | undefined> {
  const url = new URL(request.url ?? "/", "http://localhost");
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
  } catch {
    return void refuse(socket, 404, "Not Found"); // broken percent-encoding names no document
  }
  const document = parseDocName(name);
  if (!document) return void refuse(socket, 404, "Not Found");

  const token = url.searchParams.get("token");
  const user = token ? undefined : await auth.userFromCookie(request.headers.cookie);
  const workspace = token ? auth.workspaceForToken(token) : user;
  if (!workspace) return void refuse(socket, 401, "Unauthorized");

  const belongs =
    document.kind === "inbox"
      ? document.workspaceSlug === workspace.workspaceSlug
      : findConversation(db, workspace.workspaceId, document.conversationId) !== undefined;
  if (!belongs) return void refuse(socket, 403, "Forbidden");
  return { name, peer: { workspaceId: workspace.workspaceId, userId: user?.id ?? null, sessionId: user?.sessionId ?? null } };
}
