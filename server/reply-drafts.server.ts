/**
 * The server's part in replying together: every conversation's shared draft
 * starts with the paragraph browsers type into and empties once sent, and the
 * reply lock in the inbox document stays honest. A rep claims only for
 * themselves (a claim written for someone else, or someone else's claim
 * removed, is put back), and a rep's claims go when their last connection does.
 */
import type { WebSocket } from "ws";
import { findWorkspace } from "../db/workspaces.server";
import { draftDocName, inboxDocName, observeClaims, parseDocName, releaseClaim, ReplyClaimSchema } from "../sync/inbox-doc";
import { bootstrapDraft, clearDraft } from "../sync/reply-draft.server";
import type { SharedDocument, SyncServer } from "../sync/sync-server.server";
import type { InboxServices } from "./inbox/services.server";

/** The origin of the server's own writes. */
const TANDEM = Symbol("reply-drafts");

export function connectReplyDrafts(services: InboxServices, sync: () => SyncServer) {
  services.events.on("draft.sent", ({ workspaceId, conversationId, userId }) => {
    sync().change(workspaceId, draftDocName(conversationId), (shared) => clearDraft(shared.doc, TANDEM));
    const workspace = findWorkspace(services.db, workspaceId);
    const inbox = workspace && sync().loaded(workspaceId, inboxDocName(workspace.slug));
    if (inbox) releaseClaim(inbox.doc, userId, conversationId, TANDEM);
  });

  function guardClaims(shared: SharedDocument): void {
    observeClaims(shared.doc, (changes, transaction) => {
      const writer = shared.connections.get(transaction.origin as WebSocket)?.peer;
      if (!writer) return; // the server's own writes, or a document being loaded from storage
      const claims = shared.doc.getMap<unknown>("claims");
      const holder = (value: unknown) => ReplyClaimSchema.safeParse(value).data?.userId;
      shared.doc.transact(() => {
        for (const { conversationId, before, after } of changes) {
          const allowed = after === undefined ? [undefined, writer.userId].includes(holder(before)) : holder(after) === writer.userId;
          if (allowed) continue;
          if (before === undefined) claims.delete(conversationId);
          else claims.set(conversationId, before);
        }
      }, TANDEM);
    });
  }

  return {
    onLoad(shared: SharedDocument): void {
      const kind = parseDocName(shared.name)?.kind;
      if (kind === "draft") bootstrapDraft(shared.doc, TANDEM);
      if (kind === "inbox") guardClaims(shared);
    },
    onPeerLeft(shared: SharedDocument, userId: number): void {
      if (parseDocName(shared.name)?.kind === "inbox") releaseClaim(shared.doc, userId, undefined, TANDEM);
    },
  };
}
