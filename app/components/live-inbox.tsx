import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { inboxDocName } from "../../sync/inbox-doc";
import { readPresence, type Presence } from "../../sync/presence";
import { Avatar } from "./avatar";

export type SyncStatus = "connecting" | "online" | "offline";

interface LiveInbox {
  /** The other reps present, with what they are looking at and writing. */
  presence: Presence[];
  status: SyncStatus;
  setViewing(conversationId: string | null): void;
  setComposing(conversationId: string | null): void;
}

const LiveInboxContext = createContext<LiveInbox | null>(null);

/** The close code the server uses when the session behind a connection signed out. */
const SIGNED_OUT = 4401;

/**
 * The rep's connection to the workspace's live inbox document (`inbox/SLUG`
 * over /sync, authenticated by the session cookie), and their presence on it.
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
  const [provider, setProvider] = useState<WebsocketProvider | null>(null);
  const [presence, setPresence] = useState<Presence[]>([]);
  const [status, setStatus] = useState<SyncStatus>("connecting");

  useEffect(() => {
    const doc = new Y.Doc();
    const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/sync`;
    const live = new WebsocketProvider(url, inboxDocName(workspaceSlug), doc, { disableBc: true });
    live.awareness.setLocalState({ user: { id: user.id, name: user.name }, viewing: null, composing: null });
    const refresh = () => setPresence(readPresence(live.awareness.getStates(), user.id));
    live.awareness.on("change", refresh);
    live.on("status", ({ status: next }: { status: string }) =>
      setStatus(next === "connected" ? "online" : next === "connecting" ? "connecting" : "offline"),
    );
    live.on("connection-close", (event: CloseEvent | null) => {
      // Signed out elsewhere: knocking again would only be refused.
      if (event?.code === SIGNED_OUT) live.disconnect();
    });
    setProvider(live);
    return () => {
      live.destroy();
      doc.destroy();
      setProvider(null);
    };
  }, [user.id, user.name, workspaceSlug]);

  const setViewing = useCallback((conversationId: string | null) => provider?.awareness.setLocalStateField("viewing", conversationId), [provider]);
  const setComposing = useCallback(
    (conversationId: string | null) => provider?.awareness.setLocalStateField("composing", conversationId),
    [provider],
  );
  const value = useMemo(() => ({ presence, status, setViewing, setComposing }), [presence, status, setViewing, setComposing]);
  return <LiveInboxContext.Provider value={value}>{children}</LiveInboxContext.Provider>;
}

function useLiveInbox(): LiveInbox {
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

/** Tells the others this rep is writing a reply here while `writing` holds; returns who else is. */
export function useComposing(conversationId: string, writing: boolean): Presence[] {
  const { presence, setComposing } = useLiveInbox();
  useEffect(() => {
    if (!writing) return;
    setComposing(conversationId);
    return () => setComposing(null);
  }, [conversationId, writing, setComposing]);
  return presence.filter((peer) => peer.composing === conversationId);
}

/** The reps on a conversation: avatars for the inbox row. */
export function PresenceAvatars({ conversationId }: { conversationId: string }) {
  const { presence } = useLiveInbox();
  const here = presence.filter((peer) => peer.viewing === conversationId || peer.composing === conversationId);
  if (here.length === 0) return null;
  const label = here.map((peer) => `${peer.user.name} is ${peer.composing === conversationId ? "replying" : "viewing"}`).join(", ");
  return (
    <span className="presence-avatars" aria-label={label} title={label}>
      {here.map((peer) => (
        <Avatar key={peer.user.id} name={peer.user.name} size="sm" />
      ))}
    </span>
  );
}

/** "Ben Carter is replying", "Ana Lopez is viewing": over the thread, live. */
export function PresenceBanner({ conversationId }: { conversationId: string }) {
  const { presence } = useLiveInbox();
  const replying = presence.filter((peer) => peer.composing === conversationId);
  const viewing = presence.filter((peer) => peer.viewing === conversationId && peer.composing !== conversationId);
  if (replying.length === 0 && viewing.length === 0) return null;
  const names = (peers: Presence[]) => peers.map((peer) => peer.user.name).join(" and ");
  return (
    <div className="presence-banner" role="status" aria-live="polite">
      {replying.length ? <span className="presence-replying">{names(replying)} {replying.length > 1 ? "are" : "is"} replying</span> : null}
      {viewing.length ? <span>{names(viewing)} {viewing.length > 1 ? "are" : "is"} viewing</span> : null}
    </div>
  );
}

const STATUS_LABELS: Record<SyncStatus, string> = { connecting: "Syncing…", online: "Synced", offline: "Offline" };

/** Whether the live inbox is in step with the server. */
export function SyncStatusBadge() {
  const { status } = useLiveInbox();
  return (
    <span className={`sync-status sync-status-${status}`} title={status === "offline" ? "Changes wait here and are sent on reconnect" : undefined}>
      {STATUS_LABELS[status]}
    </span>
  );
}
