/**
 * Keeps each workspace's live inbox document and the database in step.
 *
 * Database to document: when a document is loaded it is brought up to date
 * with the open and snoozed conversations (closed ones leave it), and every
 * change made on the server (a customer message, an API call, the snooze
 * waker, SLA) is written into it, so every client sees it live.
 * Document to database: triage edits from clients are applied through the
 * same changeTriage as the inbox's forms, within a fraction of a second, so
 * reports and the API read them; the actor is the connection's signed-in
 * user, never what the client wrote. An edit the database refuses (an
 * assignee from another workspace) is put back to what the database holds.
 */
import type { WebSocket } from "ws";
import { isAssignable, triageRow, triageRows, type TriageRow } from "../db/triage.server";
import { listTriage, parseDocName, readTriage, removeConversation, writeTriage, type TriageFields } from "../sync/inbox-doc";
import type { SharedDocument } from "../sync/sync-server.server";
import type { InboxServices } from "./inbox/services.server";
import { changeTriage, type TriageChange } from "./inbox/triage.server";

/** The origin of the server's own writes into a document: never projected back. */
const TANDEM = Symbol("tandem");
/**
 * Edits are gathered this long, so a conversation is written at most about
 * once a window however often reps edit it (the demo inbox's 34 under 50
 * reps' edits: under 60 writes a second), and every write still lands well
 * inside the second in which reports must see it.
 */
const PROJECT_AFTER_MS = 600;

const asLive = (row: TriageRow) => ({
  assigneeId: row.assigneeId,
  teamId: row.teamId,
  status: row.status === "snoozed" ? ("snoozed" as const) : ("open" as const),
  priority: row.priority,
  tags: row.tags,
  snoozedUntil: row.snoozedUntil?.getTime() ?? null,
  snoozedUntilReply: row.snoozedUntilReply,
});

/** What a rep changed: the fields where the document's triage differs from the database's. */
function changeFrom(live: TriageFields, stored: TriageFields): TriageChange {
  const change: TriageChange = {};
  if (live.assigneeId !== stored.assigneeId) change.assigneeId = live.assigneeId;
  if (live.teamId !== stored.teamId) change.teamId = live.teamId;
  if (live.status !== stored.status) change.status = live.status;
  if (live.priority !== stored.priority) change.priority = live.priority;
  if (live.tags.join("\n") !== stored.tags.join("\n")) change.tags = live.tags;
  if (live.snoozedUntil !== stored.snoozedUntil || live.snoozedUntilReply !== stored.snoozedUntilReply) {
    change.snoozedUntil = live.snoozedUntil === null ? null : new Date(live.snoozedUntil);
    change.snoozedUntilReply = live.snoozedUntilReply;
  }
  return change;
}

const isEmpty = (change: TriageChange) => Object.keys(change).length === 0;

/** What the database stores exactly as a rep wrote it: an edit of only these is never written back. */
const KEPT_AS_WRITTEN: ReadonlySet<string> = new Set(["assigneeId", "teamId", "priority"] satisfies (keyof TriageChange)[]);

/** A loaded inbox document, and the conversations clients edited in it (with who did), waiting to be written. */
interface LiveInbox {
  shared: SharedDocument;
  edits: Map<string, number | null>;
  timer?: NodeJS.Timeout;
}

export function connectInboxSync(services: InboxServices) {
  const { db } = services;
  const inboxes = new Map<number, LiveInbox>();

  /**
   * Writes the database's state of one conversation (or of every live one)
   * into the document. `holds` is what the document is known to hold for that
   * conversation: when the database has the same, there is nothing to write.
   */
  function mirror(shared: SharedDocument, publicId?: string, holds?: TriageFields): void {
    const rows = publicId === undefined ? triageRows(db, shared.workspaceId) : [triageRow(db, shared.workspaceId, publicId)].filter((row) => row !== null);
    const [only] = rows;
    if (holds && only && only.status !== "closed" && isEmpty(changeFrom(holds, asLive(only)))) return;
    const now = Date.now();
    shared.doc.transact(() => {
      const live = new Set<string>();
      for (const row of rows) {
        if (row.status === "closed") continue;
        live.add(row.publicId);
        writeTriage(shared.doc, row.publicId, asLive(row), { by: null, at: now }, TANDEM);
      }
      const gone = publicId === undefined ? [...listTriage(shared.doc).keys()] : [publicId];
      for (const id of gone) if (!live.has(id)) removeConversation(shared.doc, id, TANDEM);
    }, TANDEM);
  }

  /**
   * The edit changeTriage is writing now. Its own announcement needs no
   * write-back when the database took it as it is; for an edit of fields kept
   * as written, that is known without reading the row back.
   */
  let writing: { publicId: string; live: TriageFields; keptAsWritten: boolean } | null = null;

  function project(shared: SharedDocument, publicId: string, actor: number | null): void {
    const live = readTriage(shared.doc, publicId);
    const row = triageRow(db, shared.workspaceId, publicId);
    if (!row || !live) return mirror(shared, publicId);
    const change = changeFrom(live, asLive(row));
    if (isEmpty(change)) return;
    // The assignment the database holds is valid: only a new one is checked.
    const assignmentChanged = change.assigneeId !== undefined || change.teamId !== undefined;
    const valid =
      (!assignmentChanged || isAssignable(db, shared.workspaceId, { assigneeId: live.assigneeId, teamId: live.teamId })) &&
      (live.status !== "snoozed" || live.snoozedUntil !== null || live.snoozedUntilReply);
    if (!valid) return mirror(shared, publicId);
    writing = { publicId, live, keptAsWritten: Object.keys(change).every((field) => KEPT_AS_WRITTEN.has(field)) };
    try {
      changeTriage(services, { workspaceId: shared.workspaceId, conversationId: publicId, change, actor: { userId: actor, source: "manual" } });
    } finally {
      writing = null;
    }
  }

  function projectOne(inbox: LiveInbox, publicId: string): void {
    const actor = inbox.edits.get(publicId);
    if (actor === undefined) return;
    inbox.edits.delete(publicId);
    try {
      project(inbox.shared, publicId, actor);
    } catch {
      mirror(inbox.shared, publicId);
    }
  }

  /** Projects every waiting edit now (the document is going away). */
  function flush(inbox: LiveInbox): void {
    for (const publicId of [...inbox.edits.keys()]) projectOne(inbox, publicId);
  }

  /**
   * Projects the conversations that were waiting when the window closed, one
   * per timer turn of the event loop. Between two, the loop reads and relays
   * the updates that came in, which is what other reps wait on: an update
   * waits at most for the one projection it arrived during. (An immediate
   * would run before the relay of what arrived meanwhile, and so put a second
   * projection in its way.) A conversation edited again after its turn waits
   * for the next window: under steady edits the drain ends instead of
   * writing each edit as it comes.
   */
  function drain(inbox: LiveInbox, due: string[]): void {
    const publicId = due.shift();
    if (publicId === undefined || inboxes.get(inbox.shared.workspaceId) !== inbox) return;
    projectOne(inbox, publicId);
    if (due.length) setTimeout(() => drain(inbox, due), 0);
  }

  services.events.on("conversation.changed", ({ workspaceId, conversationId }) => {
    const inbox = inboxes.get(workspaceId);
    if (!inbox) return;
    // A rep's edit still on its way to the database goes first, or the database's older state would overwrite it.
    projectOne(inbox, conversationId);
    const own = writing?.publicId === conversationId ? writing : null;
    if (!own?.keptAsWritten) mirror(inbox.shared, conversationId, own?.live);
  });

  return {
    /** For the sync server: a loaded inbox document is brought up to date and watched. */
    onLoad(shared: SharedDocument): void {
      if (parseDocName(shared.name)?.kind !== "inbox") return;
      mirror(shared);
      const inbox: LiveInbox = { shared, edits: new Map() };
      inboxes.set(shared.workspaceId, inbox);
      shared.doc.on("destroy", () => {
        clearTimeout(inbox.timer);
        if (inboxes.get(shared.workspaceId) === inbox) inboxes.delete(shared.workspaceId);
        // What clients edited last reaches the database before the document goes.
        flush(inbox);
      });
      shared.doc.getMap("conversations").observeDeep((events, transaction) => {
        if (transaction.origin === TANDEM) return;
        const actor = shared.connections.get(transaction.origin as WebSocket)?.peer.userId ?? null;
        for (const event of events) {
          const keys = event.path.length === 0 ? [...event.changes.keys.keys()] : [String(event.path[0])];
          for (const publicId of keys) inbox.edits.set(publicId, actor);
        }
        inbox.timer ??= setTimeout(() => {
          inbox.timer = undefined;
          drain(inbox, [...inbox.edits.keys()]);
        }, PROJECT_AFTER_MS);
      });
    },
  };
}
