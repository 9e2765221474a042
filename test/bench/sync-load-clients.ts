/**
 * How the sync benchmark's reps talk to a server: the same two kinds of
 * client for all three servers, only the connection details differ.
 *
 * Stock clients (`stockClient`): the provider a browser runs — y-websocket's
 * WebsocketProvider for Tandem and the reference server, HocuspocusProvider
 * for Hocuspocus — over a Y.Doc of the rep's own that applies every update.
 * The observer reps, which measure latency, are these.
 *
 * Wire clients (`WireClient`): the same protocol spoken by hand, for the
 * other reps. Each has its own socket and does the whole handshake (sync step
 * 1 and 2, its presence, Hocuspocus's authentication), sends its edits as
 * update messages and receives every message the server relays, but keeps no
 * Y.Doc: of an update it reads only the header (whose edit it is, from which
 * clock), enough to count the delivery. Applying every update to a Y.Doc of
 * its own is what made N reps cost N² in the load generator.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { inboxDocName } from "../../sync/inbox-doc";
import type { ServerKind } from "./sync-shared";

export const DOC_NAME = inboxDocName("demo");

/** Where a server listens and what it asks of a client. */
export interface ServerAddress {
  server: ServerKind;
  port: number;
  /** Tandem admits nobody without one. */
  token?: string;
}

export interface ConnectionEvents {
  synced(): void;
  /** The connection failed or closed; why, when the client knows. */
  lost(reason: string): void;
}

export interface Connection {
  destroy(): void;
}

/* ───────────── stock clients ───────────── */

/** Connects a stock provider over `doc`; it reconnects by itself after a loss. */
export function stockClient(address: ServerAddress): (doc: Y.Doc, events: ConnectionEvents) => Connection {
  const host = `ws://127.0.0.1:${address.port}`;
  switch (address.server) {
    case "tandem":
      return yWebsocketProvider(`${host}/sync`, { token: address.token ?? "" });
    case "hocuspocus":
      return hocuspocusProvider(host);
    case "y-websocket":
      return yWebsocketProvider(host, {});
  }
}

/** y-websocket's own client: for Tandem (`/sync/DOCNAME?token=`) and the reference server (`/DOCNAME`). */
function yWebsocketProvider(serverUrl: string, params: Record<string, string>) {
  return (doc: Y.Doc, events: ConnectionEvents): Connection => {
    const provider = new WebsocketProvider(serverUrl, DOC_NAME, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params,
      // Every rep lives in this process: lib0's in-process broadcast channel would sync them past the server.
      disableBc: true,
    });
    let lastError = "";
    // ws reports a refused upgrade as "Unexpected server response: 503", then closes.
    provider.on("connection-error", (event) => void (lastError = (event as Event & { message?: string }).message ?? "connection error"));
    provider.on("connection-close", (event) => {
      events.lost(lastError || `closed (${event?.code ?? "by the client"})`);
      lastError = "";
    });
    provider.on("sync", (synced) => synced && events.synced());
    return { destroy: () => provider.destroy() };
  };
}

/** Hocuspocus speaks its own protocol (document names and authentication in every message): its own provider. */
function hocuspocusProvider(url: string) {
  return (doc: Y.Doc, events: ConnectionEvents): Connection => {
    // A socket per rep, as with the other clients: Hocuspocus could multiplex documents over one.
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: DOC_NAME, document: doc });
    provider.on("synced", ({ state }: { state: boolean }) => state && events.synced());
    provider.on("close", ({ event }: { event: { code: number } }) => events.lost(`closed (${event.code})`));
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => events.lost(reason));
    provider.attach();
    return {
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  };
}

/* ───────────── wire clients ───────────── */

/** Message types: y-websocket's (0–3), and Hocuspocus's additions. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const MESSAGE_CLOSE = 7;
const MESSAGE_SYNC_STATUS = 8;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
/** An empty state vector, and an update with nothing in it: what a client without a document says in the handshake. */
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
/** Stock clients renew their presence this often (y-protocols' awareness: half its 30 s timeout). */
const PRESENCE_RENEWAL_MS = 15_000;

/** What differs between the servers on the wire. */
interface Wire {
  url: string;
  /** Hocuspocus names the document at the start of every message, both ways. */
  documentPrefix: Uint8Array | null;
  /** The auth sub-type that means "refused": y-protocols' permission denied is 0, Hocuspocus's 1. */
  authDenied: number;
  /** Hocuspocus waits for a token (empty here: it checks none) before anything else. */
  authenticate: boolean;
}

function wireFor(address: ServerAddress): Wire {
  const host = `ws://127.0.0.1:${address.port}`;
  switch (address.server) {
    case "tandem":
      return { url: `${host}/sync/${DOC_NAME}?token=${encodeURIComponent(address.token ?? "")}`, documentPrefix: null, authDenied: 0, authenticate: false };
    case "y-websocket":
      return { url: `${host}/${DOC_NAME}`, documentPrefix: null, authDenied: 0, authenticate: false };
    case "hocuspocus": {
      const prefix = encoding.createEncoder();
      encoding.writeVarString(prefix, DOC_NAME);
      return { url: host, documentPrefix: encoding.toUint8Array(prefix), authDenied: 1, authenticate: true };
    }
  }
}

const randomClientId = () => Math.floor(Math.random() * 0x1_0000_0000);

/**
 * One rep's connection, without a document. `covered` holds, per Yjs client,
 * the highest clock of that client's updates this socket has received: every
 * edit of that client from that clock down has arrived (a server relays each
 * client's updates in order). An update of one client is read by its header,
 * which gives the clock it starts at: when a server merged several of that
 * client's edits into one update (Tandem merges what arrives in one turn),
 * the later ones count only once the client's next update arrives, so the
 * count errs against the merging server, never for it.
 */
export class WireClient {
  readonly clientId = randomClientId();
  readonly covered = new Map<number, number>();
  private readonly socket: WebSocket;
  private readonly wire: Wire;
  private presenceClock = 0;
  private readonly presenceTimer: NodeJS.Timeout;
  private synced = false;
  private closing = false;

  /** `onUpdate` sees each update received, after the handshake's; the replica a process's wire clients edit is fed from one of them. */
  constructor(
    address: ServerAddress,
    private readonly events: ConnectionEvents & { onUpdate?(update: Uint8Array): void },
  ) {
    this.wire = wireFor(address);
    this.socket = new WebSocket(this.wire.url);
    this.socket.on("open", () => {
      if (this.wire.authenticate) {
        this.send((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_AUTH);
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarString(encoder, "");
        });
      }
      this.send((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, SYNC_STEP_1);
        encoding.writeVarUint8Array(encoder, EMPTY_STATE_VECTOR);
      });
      this.sendPresence();
    });
    this.socket.on("message", (data: Buffer) => {
      try {
        this.receive(data);
      } catch (error) {
        this.lose(`malformed message from the server: ${(error as Error).message}`);
      }
    });
    this.socket.on("error", (error) => this.lose(error.message));
    this.socket.on("close", (code) => this.lose(`closed (${code})`));
    this.presenceTimer = setInterval(() => this.sendPresence(), PRESENCE_RENEWAL_MS);
  }

  /** Sends one edit's update, as the stock clients do. */
  sendUpdate(update: Uint8Array): void {
    this.send((encoder) => {
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint8Array(encoder, update);
    });
  }

  close(): void {
    this.closing = true;
    clearInterval(this.presenceTimer);
    this.socket.close();
  }

  private send(write: (encoder: encoding.Encoder) => void): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    if (this.wire.documentPrefix) encoding.writeUint8Array(encoder, this.wire.documentPrefix);
    write(encoder);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  /** Its presence, an empty state as a stock client's: sent on connecting and renewed like theirs. */
  private sendPresence(): void {
    this.send((encoder) => {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, this.clientId);
      encoding.writeVarUint(update, this.presenceClock++);
      encoding.writeVarString(update, "{}");
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    });
  }

  private lose(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.presenceTimer);
    this.socket.terminate();
    this.events.lost(reason);
  }

  private receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    if (this.wire.documentPrefix) decoding.readVarUint8Array(decoder);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        if (step === SYNC_STEP_1) {
          // What the server lacks of ours: nothing yet, our edits start after the handshake.
          this.send((encoder) => {
            encoding.writeVarUint(encoder, MESSAGE_SYNC);
            encoding.writeVarUint(encoder, SYNC_STEP_2);
            encoding.writeVarUint8Array(encoder, EMPTY_UPDATE);
          });
          return;
        }
        const update = decoding.readVarUint8Array(decoder);
        this.cover(update, step === SYNC_STEP_2);
        this.events.onUpdate?.(update);
        if (step === SYNC_STEP_2 && !this.synced) {
          this.synced = true;
          this.events.synced();
        }
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        return this.sendPresence();
      case MESSAGE_AUTH:
        if (decoding.readVarUint(decoder) === this.wire.authDenied) this.lose(`permission denied: ${decoding.readVarString(decoder)}`);
        return;
      case MESSAGE_CLOSE:
        return this.lose("closed by the server");
      // Others' presence, and Hocuspocus's acknowledgements of our updates: nothing a rep without a view acts on.
      case MESSAGE_AWARENESS:
      case MESSAGE_SYNC_STATUS:
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  /**
   * Records which edits an update carries. A relayed edit holds one client's
   * structs: its header names the client and the clock it starts at. Anything
   * else (the handshake's whole document, `whole`) is read in full.
   */
  private cover(update: Uint8Array, whole: boolean): void {
    const decoder = decoding.createDecoder(update);
    if (!whole && decoding.readVarUint(decoder) === 1) {
      decoding.readVarUint(decoder);
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (clock > (this.covered.get(client) ?? -1)) this.covered.set(client, clock);
      return;
    }
    for (const [client, end] of Y.parseUpdateMeta(update).to) {
      if (end - 1 > (this.covered.get(client) ?? -1)) this.covered.set(client, end - 1);
    }
  }
}
