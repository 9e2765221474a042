import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  claimReply,
  inboxDocName,
  listClaims,
  readTriage,
  releaseClaim,
  writeTriage,
  type LiveTriage,
  type ReplyClaim,
  type TriageFields,
} from "../../sync/inbox-doc";
import { readPresence, type Presence } from "../../sync/presence";
import { replicaName } from "../lib/browser-storage";
import { Avatar } from "./avatar";

export type SyncStatus = "connecting" | "online" | "offline";

interface LiveInbox {
  user: { id: number; name: string };
  workspaceSlug: string;
  /** The other reps present, with what they are looking at. */
  presence: Presence[];
  /** Who holds the reply of each conversation (the reply lock), this rep included. */
  claims: Map<string, ReplyClaim>;
  status: SyncStatus;
  /** Bumped whenever the live triage changes: components re-read what they show. */
  triageVersion: number;
  setViewing(conversationId: string | null): void;
  readTriage(conversationId: string): LiveTriage | null;
  /** A triage change made on this replica: shown at once, merged and saved when the connection is back. */
  writeTriage(conversationId: string, change: Partial<TriageFields>): boolean;
  claimReply(conversationId: string): ReplyClaim | null;
  releaseReply(conversationId: string): void;
}

const LiveInboxContext = createContext<LiveInbox | null>(null);

/** The close code the server uses when the session behind a connection signed out. */
const SIGNED_OUT = 4401;
/** A claim is renewed at most this often while its holder types (it lapses after CLAIM_IDLE_MS). */
const CLAIM_RENEW_MS = 20_000;
/** How often lapsed claims are looked for, when nothing else changes. */
const CLAIM_SWEEP_MS = 10_000;

/** The address of the sync endpoint, on the app's own origin. */
export function syncUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/sync`;
}

/**
 * Follows the browser's network: offline, the provider stops knocking and the
 * rep sees "Offline" at once (not after a timeout); online, it reconnects now
 * rather than at the end of its back-off. Returns a cleanup.
 *
 * Presence across a dropped connection: y-websocket forgets the others'
 * presence and bumps each one's clock locally, and the server, seeing this
 * tab go, bumps ours for everyone else. Clocks only move forward, so on
 * reconnect the server's resend of the others and our own announcement would
 * both be ignored until renewed (15 to 30 s of reps missing from each
 * other's view). Once connected again, the others' bumped clocks are
 * forgotten, so the resend shows them at once, and ours steps past the
 * server's bump, so they see us at once.
 */
export function followNetwork(provider: WebsocketProvider, onChange?: () => void): () => void {
  const rejoinPresence = ({ status }: { status: string }) => {
    if (status !== "connected") return;
    const { awareness } = provider;
    for (const clientId of [...awareness.meta.keys()]) {
      if (clientId !== awareness.clientID && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
    }
    const own = awareness.meta.get(awareness.clientID);
    const state = awareness.getLocalState();
    if (own && state) {
      // One step for the server's bump, one more from setLocalState: ahead of what anyone holds for us.
      own.clock++;
      awareness.setLocalState(state);
    }
  };
  provider.on("status", rejoinPresence);
  const offline = () => {
    provider.disconnect();
    onChange?.();
  };
  const online = () => {
    provider.connect();
    onChange?.();
  };
  window.addEventListener("offline", offline);
  window.addEventListener("online", online);
  return () => {
    provider.off("status", rejoinPresence);
    window.removeEventListener("offline", offline);
    window.removeEventListener("online", online);
  };
}

/**
 * The rep's replica of the workspace's live inbox document (`inbox/SLUG`):
 * kept in this browser's IndexedDB, synced over /sync with the session cookie
 * whenever there is a connection, and carrying the rep's presence.
 */
export function LiveInboxProvider({
  user,
  workspaceSlug,
  children,
}: {
  user: { id: number; name: string };
  workspaceSlug: string;
  children: ReactNode;
}) {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [presence, setPresence] = useState<Presence[]>([]);
  const [claims, setClaims] = useState<Map<string, ReplyClaim>>(new Map());
  const [status, setStatus] = useState<SyncStatus>("connecting");
  const [triageVersion, setTriageVersion] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    const name = inboxDocName(workspaceSlug);
    const replica = new IndexeddbPersistence(replicaName(workspaceSlug, name), doc);
    const provider = new WebsocketProvider(syncUrl(), name, doc, { disableBc: true, connect: navigator.onLine });
    provider.awareness.setLocalState({ user: { id: user.id, name: user.name }, viewing: null });
    const refreshPresence = () => setPresence(readPresence(provider.awareness.getStates(), user.id));
    const refreshClaims = () => setClaims(listClaims(doc, Date.now()));
    provider.awareness.on("change", refreshPresence);
    doc.getMap("claims").observe(refreshClaims);
    doc.getMap("conversations").observeDeep(() => setTriageVersion((version) => version + 1));
    const sweep = setInterval(refreshClaims, CLAIM_SWEEP_MS);
    let link: SyncStatus = "connecting";
    const refreshStatus = () => setStatus(navigator.onLine ? link : "offline");
    provider.on("status", ({ status: next }: { status: string }) => {
      link = next === "connected" ? "online" : next === "connecting" ? "connecting" : "offline";
      refreshStatus();
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      // Signed out elsewhere: knocking again would only be refused.
      if (event?.code === SIGNED_OUT) provider.disconnect();
    });
    const unfollow = followNetwork(provider, refreshStatus);
    refreshStatus();
    setLive({ doc, provider });
    return () => {
      unfollow();
      clearInterval(sweep);
      provider.destroy();
      void replica.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [user.id, user.name, workspaceSlug]);

  const doc = live?.doc;
  const provider = live?.provider;
  const setViewing = useCallback((conversationId: string | null) => provider?.awareness.setLocalStateField("viewing", conversationId), [provider]);
  const readLive = useCallback((conversationId: string) => (doc ? readTriage(doc, conversationId) : null), [doc]);
  const writeLive = useCallback(
    (conversationId: string, change: Partial<TriageFields>) => (doc ? writeTriage(doc, conversationId, change, { by: user.id, at: Date.now() }) : false),
    [doc, user.id],
  );
  const claim = useCallback(
    (conversationId: string) => {
      if (!doc) return null;
      const now = Date.now();
      const held = claims.get(conversationId);
      // Renewed only now and then: every keystroke would be an update for everyone.
      if (held?.userId === user.id && now - held.at < CLAIM_RENEW_MS) return held;
      return claimReply(doc, conversationId, { id: user.id, name: user.name }, now);
    },
    [doc, claims, user.id, user.name],
  );
  const release = useCallback((conversationId: string) => doc && releaseClaim(doc, user.id, conversationId), [doc, user.id]);
  const value = useMemo(
    (): LiveInbox => ({
      user: { id: user.id, name: user.name },
      workspaceSlug,
      presence,
      claims,
      status,
      triageVersion,
      setViewing,
      readTriage: readLive,
      writeTriage: writeLive,
      claimReply: claim,
      releaseReply: release,
    }),
    [user.id, user.name, workspaceSlug, presence, claims, status, triageVersion, setViewing, readLive, writeLive, claim, release],
  );
  return <LiveInboxContext.Provider value={value}>{children}</LiveInboxContext.Provider>;
}

export function useLiveInbox(): LiveInbox {
  const live = useContext(LiveInboxContext);
  if (!live) throw new Error("useLiveInbox needs a LiveInboxProvider above it");
  return live;
}

/** Tells the others which conversation this rep has open, for as long as the calling component is on screen. */
export function useViewing(conversationId: string): void {
  const { setViewing } = useLiveInbox();
  useEffect(() => {
    setViewing(conversationId);
    return () => setViewing(null);
  }, [conversationId, setViewing]);
}

/** A conversation's triage as the live inbox holds it now (with this rep's offline changes), or null when it holds none. */
export function useLiveTriage(conversationId: string): LiveTriage | null {
  const { readTriage: read, triageVersion } = useLiveInbox();
  // triageVersion says when to read again: the document changed under the same reader.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => read(conversationId), [conversationId, read, triageVersion]);
}

/** The triage fields the inbox shows for a conversation. */
interface ShownTriage {
  publicId: string;
  status: "open" | "snoozed" | "closed";
  priority: LiveTriage["priority"];
  assigneeId: number | null;
  snoozedUntil: Date | null;
  snoozedUntilReply: boolean;
}

/**
 * A conversation's triage as the page should show it: the live inbox's where
 * it changed after the page was loaded (a teammate's edit, or this rep's own
 * made offline), the page's otherwise; so a replica read from IndexedDB
 * before it has synced never shows older state than the page.
 */
export function useTriageView<T extends ShownTriage>(conversation: T, loadedAt: Date): T & { tags?: string[] } {
  const live = useLiveTriage(conversation.publicId);
  if (!live || live.updatedAt <= loadedAt.getTime()) return conversation;
  return {
    ...conversation,
    status: live.status,
    priority: live.priority,
    assigneeId: live.assigneeId,
    tags: live.tags,
    snoozedUntil: live.snoozedUntil === null ? null : new Date(live.snoozedUntil),
    snoozedUntilReply: live.snoozedUntilReply,
  };
}

/** Who is replying to a conversation's customer (another rep or this one), or null. */
export function useReplyClaim(conversationId: string): ReplyClaim | null {
  return useLiveInbox().claims.get(conversationId) ?? null;
}

/** The reps on a conversation: avatars for the inbox row. */
export function PresenceAvatars({ conversationId }: { conversationId: string }) {
  const { presence, claims, user } = useLiveInbox();
  const claim = claims.get(conversationId);
  const replying = claim && claim.userId !== user.id ? claim : null;
  const viewing = presence.filter((peer) => peer.viewing === conversationId && peer.user.id !== replying?.userId);
  const here = [...(replying ? [{ name: replying.name, doing: "replying" }] : []), ...viewing.map((peer) => ({ name: peer.user.name, doing: "viewing" }))];
  if (here.length === 0) return null;
  const label = here.map((peer) => `${peer.name} is ${peer.doing}`).join(", ");
  return (
    <span className="presence-avatars" aria-label={label} title={label}>
      {here.map((peer) => (
        <Avatar key={peer.name} name={peer.name} size="sm" />
      ))}
    </span>
  );
}

/** "Ben Carter is replying", "Ana Lima is viewing": over the thread, live. */
export function PresenceBanner({ conversationId }: { conversationId: string }) {
  const { presence, claims, user } = useLiveInbox();
  const claim = claims.get(conversationId);
  const replying = claim && claim.userId !== user.id ? claim.name : null;
  const viewing = presence.filter((peer) => peer.viewing === conversationId && peer.user.name !== replying).map((peer) => peer.user.name);
  if (!replying && viewing.length === 0) return null;
  return (
    <div className="presence-banner" role="status" aria-live="polite">
      {replying ? <span className="presence-replying">{replying} is replying</span> : null}
      {viewing.length ? <span>{viewing.join(" and ")} {viewing.length > 1 ? "are" : "is"} viewing</span> : null}
    </div>
  );
}

const STATUS_LABELS: Record<SyncStatus, string> = { connecting: "Syncing…", online: "Synced", offline: "Offline" };

/** Whether the live inbox is in step with the server. */
export function SyncStatusBadge() {
  const { status } = useLiveInbox();
  return (
    <span
      className={`sync-status sync-status-${status}`}
      title={status === "offline" ? "Changes are kept in this browser and sent when the connection is back" : undefined}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}
