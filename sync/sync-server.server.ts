/**
 * The y-websocket protocol (sync and awareness) for Tandem's shared documents,
 * served on the app's own port at /sync/DOCNAME, so a stock y-websocket
 * `WebsocketProvider` connects to it (CONTRACTS §5).
 *
 * Each document has one in-memory owner here. An update from a client is
 * checked, applied, stored in SQLite, and only then relayed to the other
 * clients: whatever anyone saw survives a crash of the process. It reaches
 * the disk itself with the next checkpoint, within a second; what a power cut
 * takes before then, the clients give back, since each holds every update it
 * saw and sends the server whatever it lacks when it reconnects. (Writing the
 * WAL out behind each commit, as customer messages are, cost more than it
 * saved: a commit that came during a flush of the same file waited for it,
 * up to 9 ms here, and every edit behind it.) An update goes out as soon as it
 * is stored, unless several come in one turn of the event loop: then they are
 * stored in one commit at its end and go out together, merged into one
 * message, so under load a socket gets one frame a turn instead of one per
 * edit, the disk one commit, and the relay's cost stops growing with the
 * edits times the reps. A message that is too big or does not decode closes
 * that one connection with a reason; the document and the server carry on.
 * An update that breaks off while it is applied is neither stored nor
 * relayed, and when it changed the document before it did, the document is
 * loaded again.
 * Admission (who may open which document) happens before the upgrade, in
 * server/sync-upgrade.server.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { TandemConnection } from "../db/connection.server";
import type { DocumentCompactor } from "../db/document-compactor.server";
import { appendDocumentUpdates, compactDocument, loadDocumentUpdates } from "../db/sync-documents.server";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** Largest message accepted: a triage edit is tens of bytes, a long pasted draft some kilobytes. */
export const MAX_SYNC_MESSAGE_BYTES = 1024 * 1024;
/**
 * Past this many stored updates a document is folded into one snapshot. A
 * fold rebuilds the whole document, so fewer, larger ones cost less: at 50
 * reps' edits a fold every 8 s instead of every 2 s, its swap 2.2 ms instead
 * of 1.5, and loading a document reads at most this many rows.
 */
const COMPACT_AFTER_UPDATES = 2000;
const PING_INTERVAL_MS = 30_000;
/** Up to this many senders in one relay, each is sent the others' updates without its own. */
const SPARED_SENDERS = 4;

/** Close codes: RFC 6455's, and the application range for "you are no longer allowed". */
export const CLOSE_MALFORMED = 1007;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_SERVER_ERROR = 1011;
export const CLOSE_SIGNED_OUT = 4401;

/** Who is on a connection: a signed-in rep, or an API client (no user). */
export interface SyncPeer {
  workspaceId: number;
  userId: number | null;
  sessionId: string | null;
}

export interface SharedDocument {
  name: string;
  workspaceId: number;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Each open connection and the awareness client ids it speaks for. */
  connections: Map<WebSocket, { peer: SyncPeer; awarenessIds: Set<number> }>;
}

export interface SyncServerOptions {
  db: TandemConnection;
  /** Folds busy documents off the event loop; without one they are folded inline. */
  compactor?: DocumentCompactor | null;
  log: (line: string) => void;
  /** Called once a document is loaded from storage, before any client sees it: bring it up to date with the database. */
  onLoad?: (shared: SharedDocument) => void;
  /** Called when a rep's last connection to a document closed. */
  onPeerLeft?: (shared: SharedDocument, userId: number) => void;
}

/** A loaded document and what its storage holds: how many rows, and the last one's id. */
interface OwnedDocument extends SharedDocument {
  key: string;
  stored: { rows: number; lastId: number };
  /** Updates applied and not yet stored and relayed, with the connection each came from. */
  outbox: { update: Uint8Array; origin: unknown }[];
  /** Updates applied in this turn of the event loop so far, and whether they wait for its end to go out merged. */
  turn: { updates: number; merging: boolean };
  /** Whether a fold is under way. */
  folding: boolean;
  /** The client update being applied, while it is. */
  applying: ClientUpdate | null;
}

/** A client's update while it is applied. */
interface ClientUpdate {
  update: Uint8Array;
  socket: WebSocket;
  /** Whether it may go out as the client sent it: nothing was waiting on an earlier update when it came. */
  asSent: boolean;
  /** Set once Yjs has applied all of it; a transaction that ends without it was cut short by an error. */
  whole: boolean;
  /** The transaction that stored and relayed it as sent. */
  relayed?: Y.Transaction;
}

export function createSyncServer(options: SyncServerOptions) {
  const { db, log } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_SYNC_MESSAGE_BYTES });
  const documents = new Map<string, OwnedDocument>();

  /**
   * Folds a document's stored rows into one snapshot. Updates still waiting
   * for their turn's end are stored first: a document is folded when it is
   * about to be let go.
   */
  function compact(shared: OwnedDocument): void {
    relay(shared);
    if (shared.stored.rows <= 1) return;
    compactDocument(db, shared.workspaceId, shared.name, Y.encodeStateAsUpdate(shared.doc), shared.stored.lastId);
    shared.stored.rows = 1;
  }

  /**
   * Folds a busy document's rows without holding up the relay: the snapshot
   * is built in the compactor's worker when there is one, and swapped in here.
   * Rows appended meanwhile stay. Returns whether it folded anything.
   */
  async function foldInBackground(shared: OwnedDocument): Promise<boolean> {
    const { compactor } = options;
    if (!compactor) {
      await new Promise((resolve) => setImmediate(resolve));
      if (documents.get(shared.key) !== shared) return false;
      compact(shared);
      return true;
    }
    const upToId = shared.stored.lastId;
    try {
      const folded = await compactor.snapshot(shared.workspaceId, shared.name, upToId);
      // Nothing to fold, or gone meanwhile: its last connection folded it whole on the way out.
      if (!folded || documents.get(shared.key) !== shared) return false;
      compactDocument(db, shared.workspaceId, shared.name, folded.snapshot, upToId);
      shared.stored.rows = Math.max(1, shared.stored.rows - folded.rows + 1);
      return true;
    } catch (error) {
      // The rows are all still there: the next edit tries again.
      log(`Sync document ${shared.name} was not compacted: ${(error as Error).message}`);
      return false;
    }
  }

  /** Drops a document from memory and closes its connections; clients reconnect and load it again from storage. */
  function evict(shared: OwnedDocument, code: number, reason: string): void {
    if (documents.get(shared.key) !== shared) return;
    documents.delete(shared.key);
    for (const socket of shared.connections.keys()) socket.close(code, reason);
    shared.connections.clear();
    shared.awareness.destroy();
    shared.doc.destroy();
  }

  function send(socket: WebSocket, message: Uint8Array): void {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(message, (error) => error && socket.terminate());
  }

  /**
   * Stores the updates applied since the last relay, in one commit, and only
   * then relays them as one message. A client that sent some of them gets the
   * others alone, as it would without the outbox, while there are few
   * senders; past that, the whole merge goes back to the senders too
   * (applying one's own update again changes nothing), instead of a merge
   * made anew for each of them.
   */
  function relay(shared: OwnedDocument): void {
    const pending = shared.outbox;
    if (!pending.length || documents.get(shared.key) !== shared) return;
    shared.outbox = [];
    const updates = pending.map((applied) => applied.update);
    if (!store(shared, updates)) return;
    // Merged only when someone gets it whole: two reps typing each get just the other's.
    let everything: Uint8Array | undefined;
    const senders = new Set(pending.map((applied) => applied.origin));
    const spared = senders.size <= SPARED_SENDERS;
    for (const socket of shared.connections.keys()) {
      if (!spared || !senders.has(socket)) {
        send(socket, (everything ??= syncUpdateMessage(updates)));
        continue;
      }
      const others = pending.filter((applied) => applied.origin !== socket).map((applied) => applied.update);
      if (others.length) send(socket, syncUpdateMessage(others));
    }
  }

  /**
   * Folds when the document is past its limit. A fold that ran while a burst
   * went on leaves that burst's rows, maybe past the limit again: then it
   * goes on, instead of waiting for an edit that may not come.
   */
  function foldWhenDue(shared: OwnedDocument): void {
    if (shared.folding || shared.stored.rows <= COMPACT_AFTER_UPDATES) return;
    shared.folding = true;
    foldInBackground(shared).then(
      (folded) => {
        shared.folding = false;
        if (folded) foldWhenDue(shared);
      },
      () => (shared.folding = false),
    );
  }

  /**
   * Stored before anyone else hears of them; returns whether they were. Updates
   * are idempotent: a client that resends one costs a row, no harm.
   */
  function store(shared: OwnedDocument, updates: Uint8Array[]): boolean {
    try {
      shared.stored.lastId = appendDocumentUpdates(db, shared.workspaceId, shared.name, updates);
      shared.stored.rows += updates.length;
      foldWhenDue(shared);
      return true;
    } catch (error) {
      log(`Sync update on ${shared.name} could not be stored: ${(error as Error).message}`);
      // Memory now holds what the disk does not: start again from the disk. Clients resend on reconnect.
      setImmediate(() => evict(shared, CLOSE_SERVER_ERROR, "Could not store the change"));
      return false;
    }
  }

  /**
   * An update is stored and goes out at once while updates come one a turn.
   * The second in a turn waits for the turn's end, to be stored in one commit
   * with any others and go out merged with them, and so do the next turn's,
   * until a turn brings one update or none: under load each socket gets one
   * frame a turn, without a wait when there is none.
   */
  function relayWhenDue(shared: OwnedDocument): void {
    const { turn } = shared;
    if (turn.updates++ === 0) {
      setImmediate(() => {
        relay(shared);
        turn.merging = turn.updates > 1;
        turn.updates = 0;
      });
    } else turn.merging = true;
    if (!turn.merging) relay(shared);
  }

  function load(name: string, workspaceId: number): OwnedDocument {
    const key = documentKey(workspaceId, name);
    const loaded = documents.get(key);
    if (loaded) return loaded;
    const doc = new Y.Doc({ gc: true });
    const stored = loadDocumentUpdates(db, workspaceId, name);
    // One by one in one transaction: a third of the time of merging them first (see the compactor).
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    const shared: OwnedDocument = {
      name,
      key,
      workspaceId,
      doc,
      awareness: new awarenessProtocol.Awareness(doc),
      connections: new Map(),
      stored: { rows: stored.updates.length, lastId: stored.lastId },
      outbox: [],
      turn: { updates: 0, merging: false },
      folding: false,
      applying: null,
    };
    // The server is not a participant: it has no awareness state of its own.
    shared.awareness.setLocalState(null);
    doc.on("beforeObserverCalls", (transaction: Y.Transaction) => {
      const { applying } = shared;
      if (!applying?.asSent || !applying.whole || transaction.origin !== applying.socket || documents.get(key) !== shared) return;
      if (doc.store.pendingStructs || doc.store.pendingDs || !changedAnything(transaction)) return;
      applying.relayed = transaction;
      shared.outbox.push({ update: applying.update, origin: applying.socket });
      relayWhenDue(shared);
    });
    doc.on("update", (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      const { applying } = shared;
      // What an update that broke off left behind goes nowhere: the document starts again from storage.
      if (documents.get(key) !== shared || transaction === applying?.relayed || (applying && !applying.whole)) return;
      shared.outbox.push({ update, origin });
      relayWhenDue(shared);
    });

    shared.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const owner = shared.connections.get(origin as WebSocket);
      if (owner) {
        // A client that reconnects keeps its awareness id: the new connection owns it now, so the
        // old one, when it finally times out, does not take the rep's presence with it.
        for (const id of [...added, ...updated]) {
          if (owner.awarenessIds.has(id)) continue;
          for (const other of shared.connections.values()) other.awarenessIds.delete(id);
          owner.awarenessIds.add(id);
        }
        for (const id of removed) owner.awarenessIds.delete(id);
      }
      // Presence follows the document updates before it, as it would without the outbox.
      relay(shared);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(shared.awareness, changed));
      const message = encoding.toUint8Array(encoder);
      for (const socket of shared.connections.keys()) send(socket, message);
    });

    documents.set(key, shared);
    options.onLoad?.(shared);
    compact(shared);
    return shared;
  }

  /** Reads one client message; throws on anything that does not decode. */
  function receive(shared: OwnedDocument, socket: WebSocket, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const reply = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(reply, shared.doc, decoding.readVarUint8Array(decoder));
          send(socket, encoding.toUint8Array(reply));
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          applyClientUpdate(shared, socket, decoding.readVarUint8Array(decoder));
        } else throw new Error(`unknown sync step ${step}`);
        break;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        checkPresenceIdentity(update, shared.connections.get(socket)!.peer, shared.awareness);
        awarenessProtocol.applyAwarenessUpdate(shared.awareness, update, socket);
        break;
      }
      case MESSAGE_QUERY_AWARENESS:
        encoding.writeVarUint(reply, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          reply,
          awarenessProtocol.encodeAwarenessUpdate(shared.awareness, [...shared.awareness.getStates().keys()]),
        );
        send(socket, encoding.toUint8Array(reply));
        break;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  /**
   * Applies a client's update. One that applies whole, with nothing waiting
   * on an earlier update before or after, is stored and relayed as the client
   * sent it, as soon as it is applied: before the document's observers run,
   * and without being encoded again into the same change. Anything else goes
   * out as the change it made (the update event). An update that does not
   * decode, or breaks off while Yjs places it, maybe after placing some of
   * it, still ends its transaction, so it runs inside one of ours that knows
   * whether it got to the end: if not, nothing of it is stored or relayed.
   * (Decoding it first, to refuse it before, would cost nearly as much again
   * as applying it: 70 µs against 100 for a triage edit here.)
   */
  function applyClientUpdate(shared: OwnedDocument, socket: WebSocket, update: Uint8Array): void {
    const { store } = shared.doc;
    const applying: ClientUpdate = { update, socket, asSent: !store.pendingStructs && !store.pendingDs, whole: false };
    shared.applying = applying;
    let transaction: Y.Transaction | undefined;
    try {
      // Not local, as Yjs applies a remote update.
      Y.transact(
        shared.doc,
        (ours) => {
          transaction = ours;
          Y.applyUpdate(shared.doc, update, socket);
          applying.whole = true;
        },
        socket,
        false,
      );
    } catch (error) {
      // An observer that failed after it was applied whole leaves memory as stored. Yjs reads all of an
      // update's items before it places any: one that breaks off while they are read has changed nothing.
      const halfApplied = !applying.whole && (changedAnything(transaction!) || store.pendingStructs !== null || store.pendingDs !== null);
      throw halfApplied ? new HalfAppliedUpdate((error as Error).message) : error;
    } finally {
      shared.applying = null;
    }
  }

  function disconnect(shared: OwnedDocument, socket: WebSocket): void {
    const connection = shared.connections.get(socket);
    if (!connection) return;
    shared.connections.delete(socket);
    awarenessProtocol.removeAwarenessStates(shared.awareness, [...connection.awarenessIds], null);
    const { userId } = connection.peer;
    if (userId !== null && ![...shared.connections.values()].some((other) => other.peer.userId === userId)) {
      options.onPeerLeft?.(shared, userId);
    }
    if (shared.connections.size === 0 && documents.get(shared.key) === shared) {
      // Nobody left: fold it into one row and let it go; the next client loads it again.
      compact(shared);
      evict(shared, 1000, "Closed");
    }
  }

  function accept(socket: WebSocket, name: string, peer: SyncPeer): void {
    let shared: OwnedDocument;
    try {
      shared = load(name, peer.workspaceId);
    } catch (error) {
      log(`Sync document ${name} could not be loaded: ${(error as Error).message}`);
      socket.close(CLOSE_SERVER_ERROR, "Document unavailable");
      return;
    }
    shared.connections.set(socket, { peer, awarenessIds: new Set() });
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    socket.on("pong", () => (alive = true));
    socket.on("close", () => {
      clearInterval(ping);
      disconnect(shared, socket);
    });
    socket.on("error", () => socket.terminate());
    socket.on("message", (data: RawData, isBinary: boolean) => {
      if (!shared.connections.has(socket)) return;
      try {
        if (!isBinary) throw new Error("text frame");
        receive(shared, socket, toBytes(data));
      } catch (error) {
        if (documents.get(shared.key) !== shared) return;
        log(`Sync message refused on ${name}: ${(error as Error).message}`);
        socket.close(CLOSE_MALFORMED, error instanceof RefusedMessage ? error.reason : "Malformed sync message");
        // Memory may hold part of it, storage none: everyone else starts again from storage.
        if (error instanceof HalfAppliedUpdate) evict(shared, CLOSE_SERVER_ERROR, "Reloading the document");
        else disconnect(shared, socket);
      }
    });

    // Our side of the handshake: the server's state vector, and who is here.
    const hello = encoding.createEncoder();
    encoding.writeVarUint(hello, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(hello, shared.doc);
    send(socket, encoding.toUint8Array(hello));
    const present = [...shared.awareness.getStates().keys()];
    if (present.length) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(shared.awareness, present));
      send(socket, encoding.toUint8Array(encoder));
    }
  }

  return {
    documents,
    /** Completes an admitted upgrade and serves the document on it. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, name: string, peer: SyncPeer): void {
      sockets.handleUpgrade(request, socket, head, (websocket) => {
        // A frame over maxPayload makes ws close with 1009 on its own; say why in our log too.
        websocket.on("close", (code) => code === CLOSE_TOO_BIG && log(`Sync message over ${MAX_SYNC_MESSAGE_BYTES} bytes refused on ${name}`));
        accept(websocket, name, peer);
      });
    },
    /** The document if a client has it open now. */
    loaded(workspaceId: number, name: string): SharedDocument | undefined {
      return documents.get(documentKey(workspaceId, name));
    },
    /**
     * Changes a document from the server, loading it if no client has it open:
     * the change is stored and relayed like a client's, and a document nobody
     * is connected to is folded and let go again.
     */
    change(workspaceId: number, name: string, edit: (shared: SharedDocument) => void): void {
      const shared = load(name, workspaceId);
      try {
        edit(shared);
      } finally {
        if (shared.connections.size === 0) {
          compact(shared);
          evict(shared, 1000, "Closed");
        }
      }
    },
    /** Closes every connection a session opened: signing out ends its live sync too. */
    endSession(sessionId: string): void {
      for (const shared of documents.values()) {
        for (const [socket, connection] of shared.connections) {
          if (connection.peer.sessionId === sessionId) socket.close(CLOSE_SIGNED_OUT, "Signed out");
        }
      }
    },
    async close(): Promise<void> {
      for (const shared of [...documents.values()]) {
        for (const socket of [...shared.connections.keys()]) {
          socket.terminate();
          disconnect(shared, socket);
        }
      }
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

export type SyncServer = ReturnType<typeof createSyncServer>;

/** One sync message carrying these updates, merged into one when there are several. */
function syncUpdateMessage(updates: Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  return encoding.toUint8Array(encoder);
}

/** Whether a transaction changed the document: the test Yjs makes before it emits an update. */
function changedAnything(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

/** Documents are named within a workspace: every workspace has a `draft/c-1001`. */
const documentKey = (workspaceId: number, name: string) => `${workspaceId}:${name}`;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** A message that decodes but is not allowed: the connection is closed with `reason`. */
class RefusedMessage extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** An update that broke off while it was applied, after changing the document. */
class HalfAppliedUpdate extends Error {}

/**
 * A client speaks only for itself in presence: every new state it sends names
 * the connection's own signed-in user, or no user at all (an API client, or a
 * state being cleared). Clients also echo the states they received from
 * others; those carry a clock the server has already seen and are let through
 * (applying them changes nothing). A state that does not parse is refused
 * like any malformed message.
 */
function checkPresenceIdentity(update: Uint8Array, peer: SyncPeer, awareness: awarenessProtocol.Awareness): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = JSON.parse(decoding.readVarString(decoder)) as { user?: { id?: unknown } } | null;
    const known = awareness.meta.get(clientId);
    if (known && known.clock >= clock) continue;
    const claimed = state?.user?.id;
    if (claimed !== undefined && claimed !== peer.userId) {
      throw new RefusedMessage("Presence for another user", `presence for user ${String(claimed)} from user ${String(peer.userId)}`);
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
