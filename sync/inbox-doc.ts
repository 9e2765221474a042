/**
 * The live inbox of a workspace as a Yjs document (`inbox/SLUG`): the triage
 * state of its open and snoozed conversations. (Who is viewing and replying
 * where travels in awareness: sync/presence.ts.) This module is the only
 * reader and writer of that document,
 * for the browser and the server alike; what it reads is validated, so a
 * malformed entry is skipped, never shown.
 *
 *   conversations: Y.Map<publicId, Y.Map>  assigneeId, teamId, status, priority,
 *                                          tags (Y.Map<tag, true>), snoozedUntil,
 *                                          snoozedUntilReply, updatedAt, updatedBy
 *
 * Closed conversations leave the document, so it holds the working set and
 * never grows with history; reopening one brings it back.
 */
import * as Y from "yjs";
import { z } from "zod";
import { PrioritySchema, TagSchema } from "../db/interchange";

export const inboxDocName = (workspaceSlug: string) => `inbox/${workspaceSlug}`;
export const draftDocName = (conversationId: string) => `draft/${conversationId}`;

export type SyncDocumentName = { kind: "inbox"; workspaceSlug: string } | { kind: "draft"; conversationId: string };

/** What a document name refers to (`inbox/SLUG` or `draft/CONVERSATION_ID`), or null for a name no document has. */
export function parseDocName(name: string): SyncDocumentName | null {
  const match = /^(inbox|draft)\/([A-Za-z0-9._-]{1,200})$/.exec(name);
  if (!match) return null;
  return match[1] === "inbox" ? { kind: "inbox", workspaceSlug: match[2]! } : { kind: "draft", conversationId: match[2]! };
}

const userId = z.number().int().positive();
const instant = z.number().int().nonnegative();

export const LiveTriageSchema = z.object({
  assigneeId: userId.nullable(),
  teamId: z.number().int().positive().nullable(),
  status: z.enum(["open", "snoozed"]),
  priority: PrioritySchema,
  tags: z.array(TagSchema).max(20),
  /** Unix ms; null while not snoozed or snoozed until the customer replies. */
  snoozedUntil: instant.nullable(),
  snoozedUntilReply: z.boolean(),
  /** When the last change was made (Unix ms, the writer's clock) and by whom: a user id, or null for Tandem itself. */
  updatedAt: instant,
  updatedBy: userId.nullable(),
});
export type LiveTriage = z.infer<typeof LiveTriageSchema>;

/** The fields a rep (or the server) changes; the stamp is added by `writeTriage`. */
export type TriageFields = Omit<LiveTriage, "updatedAt" | "updatedBy">;
const TRIAGE_FIELDS = ["assigneeId", "teamId", "status", "priority", "snoozedUntil", "snoozedUntilReply"] as const;

const conversationsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>("conversations");

function readEntry(entry: Y.Map<unknown>): LiveTriage | null {
  const tags = entry.get("tags");
  const parsed = LiveTriageSchema.safeParse({
    ...Object.fromEntries(entry.entries()),
    tags: tags instanceof Y.Map ? [...tags.keys()].sort() : [],
  });
  return parsed.success ? parsed.data : null;
}

/** One conversation's live triage, or null when the document does not hold it (closed, unknown, malformed). */
export function readTriage(doc: Y.Doc, conversationId: string): LiveTriage | null {
  const entry = conversationsOf(doc).get(conversationId);
  return entry instanceof Y.Map ? readEntry(entry) : null;
}

/** Every conversation the document holds, by public id. */
export function listTriage(doc: Y.Doc): Map<string, LiveTriage> {
  const all = new Map<string, LiveTriage>();
  conversationsOf(doc).forEach((entry, conversationId) => {
    const triage = entry instanceof Y.Map ? readEntry(entry) : null;
    if (triage) all.set(conversationId, triage);
  });
  return all;
}

/**
 * Changes a conversation's triage in one Yjs transaction, creating its entry
 * when `change` is complete. Only fields that differ are written, so writing
 * what is already there sends nothing. Tags merge per tag: two reps tagging at
 * once keep both tags. Returns whether anything changed.
 */
export function writeTriage(
  doc: Y.Doc,
  conversationId: string,
  change: Partial<TriageFields>,
  stamp: { by: number | null; at: number },
  origin?: unknown,
): boolean {
  let changed = false;
  doc.transact(() => {
    const conversations = conversationsOf(doc);
    let entry = conversations.get(conversationId);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      entry.set("tags", new Y.Map<true>());
      conversations.set(conversationId, entry);
      changed = true;
    }
    for (const field of TRIAGE_FIELDS) {
      const value = change[field];
      if (value !== undefined && entry.get(field) !== value) {
        entry.set(field, value);
        changed = true;
      }
    }
    if (change.tags) {
      let tags = entry.get("tags");
      if (!(tags instanceof Y.Map)) {
        tags = new Y.Map<true>();
        entry.set("tags", tags);
      }
      const wanted = new Set(change.tags);
      const present = tags as Y.Map<true>;
      for (const tag of [...present.keys()]) {
        if (wanted.has(tag)) continue;
        present.delete(tag);
        changed = true;
      }
      for (const tag of wanted) {
        if (present.has(tag)) continue;
        present.set(tag, true);
        changed = true;
      }
    }
    if (changed) {
      entry.set("updatedAt", stamp.at);
      entry.set("updatedBy", stamp.by);
    }
  }, origin);
  return changed;
}

/** A conversation leaves the live inbox (closed, or gone). */
export function removeConversation(doc: Y.Doc, conversationId: string, origin?: unknown): void {
  doc.transact(() => conversationsOf(doc).delete(conversationId), origin);
}
