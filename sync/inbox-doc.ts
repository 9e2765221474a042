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
 *   claims:        Y.Map<publicId, ReplyClaim>  who is replying to the customer (the reply lock)
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

/** A conversation leaves the live inbox (closed, or gone), and its reply lock with it. */
export function removeConversation(doc: Y.Doc, conversationId: string, origin?: unknown): void {
  doc.transact(() => {
    conversationsOf(doc).delete(conversationId);
    claimsOf(doc).delete(conversationId);
  }, origin);
}

/* ───────────── reply claims ───────────── */

/**
 * A claim lapses this long after its holder last typed: the holder's composer
 * renews it while they write, and releases it when they send, empty the draft
 * or leave; the server releases a rep's claims when their last connection goes.
 */
export const CLAIM_IDLE_MS = 2 * 60_000;

export const ReplyClaimSchema = z.object({
  userId,
  name: z.string().min(1).max(200),
  /** When the holder last typed (Unix ms, their clock). */
  at: instant,
});
export type ReplyClaim = z.infer<typeof ReplyClaimSchema>;

const claimsOf = (doc: Y.Doc) => doc.getMap<unknown>("claims");

/** Who is replying to a conversation's customer now, or null when nobody is (or their claim lapsed). */
export function readClaim(doc: Y.Doc, conversationId: string, now: number): ReplyClaim | null {
  const parsed = ReplyClaimSchema.safeParse(claimsOf(doc).get(conversationId));
  return parsed.success && now - parsed.data.at < CLAIM_IDLE_MS ? parsed.data : null;
}

/** Every live claim, by conversation. */
export function listClaims(doc: Y.Doc, now: number): Map<string, ReplyClaim> {
  const all = new Map<string, ReplyClaim>();
  for (const conversationId of claimsOf(doc).keys()) {
    const claim = readClaim(doc, conversationId, now);
    if (claim) all.set(conversationId, claim);
  }
  return all;
}

/**
 * Claims the reply for `holder`, or renews their claim. Returns the claim that
 * stands: someone else's live claim is left alone. Two reps claiming at the
 * same moment converge on one holder (the document's last writer).
 */
export function claimReply(doc: Y.Doc, conversationId: string, holder: { id: number; name: string }, now: number): ReplyClaim {
  const current = readClaim(doc, conversationId, now);
  if (current && current.userId !== holder.id) return current;
  const claim = { userId: holder.id, name: holder.name, at: now };
  claimsOf(doc).set(conversationId, claim);
  return claim;
}

/** Releases a claim if `userId` holds it (or every claim they hold, without a conversation). */
export function releaseClaim(doc: Y.Doc, userId: number, conversationId?: string, origin?: unknown): void {
  doc.transact(() => {
    const claims = claimsOf(doc);
    for (const id of conversationId === undefined ? [...claims.keys()] : [conversationId]) {
      const parsed = ReplyClaimSchema.safeParse(claims.get(id));
      if (parsed.success && parsed.data.userId === userId) claims.delete(id);
    }
  }, origin);
}

/** The claims one transaction changed, with what each was before: for checking who wrote them. */
export function observeClaims(
  doc: Y.Doc,
  listener: (changes: { conversationId: string; before: unknown; after: unknown }[], transaction: Y.Transaction) => void,
): () => void {
  const claims = claimsOf(doc);
  const observer = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) =>
    listener(
      [...event.changes.keys].map(([conversationId, change]) => ({
        conversationId,
        before: change.oldValue,
        after: claims.get(conversationId),
      })),
      transaction,
    );
  claims.observe(observer);
  return () => claims.unobserve(observer);
}
