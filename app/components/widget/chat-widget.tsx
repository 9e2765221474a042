import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { io, type Socket } from "socket.io-client";
import type {
  ChatHistory,
  ChatMessagePayload,
  ChatSend,
  ChatSendAck,
  VisitorHello,
} from "../../../server/channels/chat/protocol";

/** Kept in sync with server/channels/chat/protocol.ts (imported as types only, so no server code ships). */
const CHAT_NAMESPACE = "/chat";
const MAX_TEXT = 10_000;
const SEND_TIMEOUT_MS = 15_000;

type Connection = "connecting" | "online" | "reconnecting" | "unavailable";
const CONNECTION_LABELS: Record<Connection, string> = {
  connecting: "Connecting…",
  online: "Online",
  reconnecting: "Reconnecting…",
  unavailable: "Chat unavailable",
};

type SendStatus = "sending" | "sent" | "failed";

interface Entry {
  key: string;
  id?: number;
  author: "agent" | "customer";
  authorName: string | null;
  text: string;
  at: string;
  clientMessageId?: string;
  status?: SendStatus;
}

interface Stored {
  visitorId?: string;
  visitorToken?: string;
  name?: string;
  email?: string;
}

const storageKey = (slug: string) => `tandem.chat.${slug}`;

/** localStorage may be unavailable (blocked third-party storage in an iframe): the chat still works for the visit. */
function readStored(slug: string): Stored {
  try {
    const raw = window.localStorage.getItem(storageKey(slug));
    const value: unknown = raw ? JSON.parse(raw) : {};
    return value && typeof value === "object" ? (value as Stored) : {};
  } catch {
    return {};
  }
}

function writeStored(slug: string, change: Partial<Stored>): void {
  try {
    window.localStorage.setItem(storageKey(slug), JSON.stringify({ ...readStored(slug), ...change }));
  } catch {
    /* not persisted; fine for this visit */
  }
}

const fromServer = (message: ChatMessagePayload): Entry => ({
  key: message.clientMessageId ?? `m${message.id}`,
  id: message.id,
  author: message.author,
  authorName: message.authorName,
  text: message.text,
  at: message.at,
  clientMessageId: message.clientMessageId,
  status: message.author === "customer" ? "sent" : undefined,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function formatTime(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  const time = date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  return sameDay ? time : `${date.toLocaleDateString([], { month: "short", day: "numeric" })}, ${time}`;
}

/** useLayoutEffect without the server-render warning: the widget's layout work only matters in the browser. */
const useBrowserLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

const initialOf = (name: string) => name.trim().charAt(0).toUpperCase() || "?";

/** The customer-facing chat: one visitor's conversation with a workspace's team, live over socket.io. */
export function ChatWidget({ workspace }: { workspace: { slug: string; name: string } }) {
  const [connection, setConnection] = useState<Connection>("connecting");
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const identity = useRef<Pick<Stored, "visitorId" | "visitorToken">>({});
  const payloads = useRef(new Map<string, ChatSend>());
  const queued = useRef(new Set<string>());
  const flushQueue = useRef<() => void>(() => {});
  const listRef = useRef<HTMLDivElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const stored = readStored(workspace.slug);
    if (stored.visitorId && stored.visitorToken) identity.current = { visitorId: stored.visitorId, visitorToken: stored.visitorToken };
    setName(stored.name ?? "");
    setEmail(stored.email ?? "");

    const socket = io(CHAT_NAMESPACE, {
      transports: ["websocket", "polling"],
      auth: (send) => send({ workspace: workspace.slug, ...identity.current }),
    });
    socketRef.current = socket;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    socket.on("connect", () => {
      setConnection("online");
      flushQueue.current();
    });
    socket.on("disconnect", (reason) => {
      setConnection("reconnecting");
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (error) => {
      if (error.message === "unknown_workspace") return setConnection("unavailable");
      setConnection((current) => (current === "connecting" ? "connecting" : "reconnecting"));
      if (error.message === "invalid_visitor_token") {
        // This browser's identity is no longer accepted: start over as a new visitor.
        identity.current = {};
        writeStored(workspace.slug, { visitorId: undefined, visitorToken: undefined });
        socket.connect();
      } else if (!socket.active) {
        retryTimer = setTimeout(() => socket.connect(), 5_000);
      }
    });
    socket.on("visitor:hello", (hello: VisitorHello) => {
      identity.current = { visitorId: hello.visitorId, visitorToken: hello.visitorToken };
      writeStored(workspace.slug, identity.current);
    });
    socket.on("chat:history", (history: ChatHistory) => {
      setEntries((previous) => {
        const stored = history.messages.map(fromServer);
        const known = new Set(stored.flatMap((entry) => (entry.clientMessageId ? [entry.clientMessageId] : [])));
        const unsent = previous.filter((entry) => entry.status && entry.status !== "sent" && !known.has(entry.clientMessageId!));
        return [...stored, ...unsent];
      });
    });
    socket.on("chat:message", (message: ChatMessagePayload) => {
      setEntries((previous) => {
        const index = previous.findIndex(
          (entry) => entry.id === message.id || (message.clientMessageId && entry.clientMessageId === message.clientMessageId),
        );
        if (index === -1) return [...previous, fromServer(message)];
        return previous.map((entry, i) => (i === index ? { ...entry, id: message.id, status: entry.status && "sent" } : entry));
      });
    });
    return () => {
      clearTimeout(retryTimer);
      socket.close();
      socketRef.current = null;
    };
  }, [workspace.slug]);

  // Keep the newest message in view.
  useBrowserLayoutEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [entries]);

  const setStatus = (clientMessageId: string, status: SendStatus, id?: number) =>
    setEntries((previous) =>
      previous.map((entry) => (entry.clientMessageId === clientMessageId ? { ...entry, status, ...(id ? { id } : {}) } : entry)),
    );

  const transmit = useCallback((clientMessageId: string) => {
    const payload = payloads.current.get(clientMessageId);
    const socket = socketRef.current;
    if (!payload || !socket) return;
    setStatus(clientMessageId, "sending");
    // Offline: it waits as "Sending…" and goes out when the connection is back.
    if (!socket.connected) return void queued.current.add(clientMessageId);
    socket.timeout(SEND_TIMEOUT_MS).emit("chat:message", payload, (error: Error | null, ack?: ChatSendAck) => {
      if (error || !ack || "error" in ack) return setStatus(clientMessageId, "failed");
      payloads.current.delete(clientMessageId);
      setStatus(clientMessageId, "sent", ack.messageId);
    });
  }, []);

  flushQueue.current = () => {
    const waiting = [...queued.current];
    queued.current.clear();
    for (const clientMessageId of waiting) transmit(clientMessageId);
  };

  const hasWritten = entries.some((entry) => entry.author === "customer");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const trimmedEmail = email.trim();
    if (!hasWritten && trimmedEmail && !EMAIL.test(trimmedEmail)) {
      setEmailError("That email address doesn’t look right.");
      return;
    }
    setEmailError(null);
    const clientMessageId = crypto.randomUUID();
    const payload: ChatSend = {
      text,
      clientMessageId,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(trimmedEmail ? { email: trimmedEmail } : {}),
    };
    writeStored(workspace.slug, { name: name.trim() || undefined, email: trimmedEmail || undefined });
    payloads.current.set(clientMessageId, payload);
    setEntries((previous) => [
      ...previous,
      {
        key: clientMessageId,
        author: "customer",
        authorName: payload.name ?? null,
        text,
        at: new Date().toISOString(),
        clientMessageId,
        status: "sending",
      },
    ]);
    setDraft("");
    transmit(clientMessageId);
    textareaRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  // Grow the composer with its text, up to a few lines.
  useBrowserLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = `${Math.min(textarea.scrollHeight, 140)}px`;
  }, [draft]);

  const lastCustomerKey = [...entries].reverse().find((entry) => entry.author === "customer")?.key;

  return (
    <div className="cw">
      <header className="cw-header">
        <span className="cw-logo" aria-hidden>
          {initialOf(workspace.name)}
        </span>
        <div className="cw-title">
          <h1>{workspace.name}</h1>
          <span className={`cw-connection cw-connection-${connection}`} role="status" aria-live="polite">
            <span className="cw-dot" aria-hidden />
            {CONNECTION_LABELS[connection]}
          </span>
        </div>
      </header>

      <div className="cw-messages" ref={listRef} role="log" aria-label="Conversation" aria-live="polite">
        <div className="cw-welcome">
          <p className="cw-welcome-title">Hi there!</p>
          <p>Ask us anything — the {workspace.name} team replies right here.</p>
        </div>
        {entries.map((entry, index) => {
          const previous = entries[index - 1];
          const startsGroup = !previous || previous.author !== entry.author || previous.authorName !== entry.authorName;
          return (
            <div
              key={entry.key}
              className={`cw-row cw-row-${entry.author}${startsGroup ? " cw-row-first" : ""}`}
              data-testid="chat-message"
              data-author={entry.author}
            >
              {entry.author === "agent" ? (
                <span className="cw-avatar" aria-hidden>
                  {startsGroup ? initialOf(entry.authorName ?? workspace.name) : null}
                </span>
              ) : null}
              <div className="cw-bubble-wrap">
                {entry.author === "agent" && startsGroup ? (
                  <span className="cw-author">{entry.authorName ?? workspace.name}</span>
                ) : null}
                <div className={`cw-bubble${entry.status === "failed" ? " cw-bubble-failed" : ""}`}>{entry.text}</div>
                <MessageMeta
                  entry={entry}
                  showStatus={entry.key === lastCustomerKey || entry.status === "failed"}
                  onRetry={() => entry.clientMessageId && transmit(entry.clientMessageId)}
                />
              </div>
            </div>
          );
        })}
      </div>

      <form className="cw-composer" onSubmit={submit}>
        {hasWritten ? null : (
          <fieldset className="cw-intro">
            <legend className="sr-only">About you (optional)</legend>
            <label>
              <span className="sr-only">Your name (optional)</span>
              <input
                type="text"
                placeholder="Your name (optional)"
                autoComplete="name"
                maxLength={200}
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            </label>
            <label>
              <span className="sr-only">Email (optional)</span>
              <input
                type="email"
                placeholder="Email (optional)"
                autoComplete="email"
                maxLength={320}
                value={email}
                aria-invalid={emailError ? true : undefined}
                aria-describedby={emailError ? "cw-email-error" : undefined}
                onChange={(event) => {
                  setEmail(event.target.value);
                  setEmailError(null);
                }}
              />
            </label>
            {emailError ? (
              <p className="cw-field-error" id="cw-email-error">
                {emailError}
              </p>
            ) : null}
          </fieldset>
        )}
        <div className="cw-input">
          <label className="sr-only" htmlFor="cw-text">
            Message
          </label>
          <textarea
            id="cw-text"
            ref={textareaRef}
            rows={1}
            maxLength={MAX_TEXT}
            placeholder="Write a message…"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="submit" className="cw-send" aria-label="Send" disabled={!draft.trim()}>
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden>
              <path d="M3.4 20.4 21 12 3.4 3.6l-.01 6.53L15 12 3.39 13.87z" fill="currentColor" />
            </svg>
          </button>
        </div>
        <p className="cw-hint">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </p>
      </form>
    </div>
  );
}

function MessageMeta({ entry, showStatus, onRetry }: { entry: Entry; showStatus: boolean; onRetry: () => void }) {
  if (entry.author === "agent") {
    return <span className="cw-meta">{formatTime(entry.at)}</span>;
  }
  if (entry.status === "failed") {
    return (
      <span className="cw-meta cw-meta-failed">
        Not sent ·{" "}
        <button type="button" className="cw-retry" onClick={onRetry}>
          Retry
        </button>
      </span>
    );
  }
  return (
    <span className="cw-meta">
      {formatTime(entry.at)}
      {showStatus ? <> · {entry.status === "sending" ? "Sending…" : "Sent"}</> : null}
    </span>
  );
}
