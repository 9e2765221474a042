import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Channel } from "../../db/interchange";
import { formatDateTime } from "../lib/format";
import { useComposing } from "./live-inbox";

const SEND_LABELS: Record<Channel, string> = { email: "Send email", chat: "Send in chat", slack: "Send to Slack" };

type ReplyResult =
  | { ok: true; message: string }
  | {
      ok: false;
      error: string;
      unseen?: { id: number; authorName: string; authorKind: string; text: string; sentAt: string | Date }[];
      lastMessageId?: number;
    };

const draftKey = (conversationId: string) => `tandem:reply:${conversationId}`;

/**
 * The reply box under a thread. It remembers which message the rep had seen
 * when they started writing; if the customer or a teammate writes before they
 * send, the server refuses and the rep chooses: review what is new, send
 * anyway, or discard. The draft is kept in this browser until sent.
 */
export function ReplyComposer({
  conversationId,
  channel,
  contactName,
  lastMessageId,
}: {
  conversationId: string;
  channel: Channel;
  contactName: string | null;
  /** The newest message on the page now. */
  lastMessageId: number;
}) {
  const fetcher = useFetcher<ReplyResult>();
  const [text, setText] = useState("");
  // What the rep had read when this draft began: the send guard compares against it, not against the live page.
  const [seenMessageId, setSeenMessageId] = useState(lastMessageId);
  const [conflict, setConflict] = useState<Extract<ReplyResult, { ok: false }> | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  // Writing claims the conversation for the others to see; they are told if someone else is writing too.
  const othersReplying = useComposing(conversationId, text.trim().length > 0);

  useEffect(() => {
    const saved = window.localStorage.getItem(draftKey(conversationId));
    if (saved) setText(saved);
  }, [conversationId]);

  useEffect(() => {
    if (!text) setSeenMessageId(lastMessageId);
  }, [lastMessageId, text]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      setText("");
      setConflict(null);
      window.localStorage.removeItem(draftKey(conversationId));
    } else setConflict(fetcher.data.unseen ? fetcher.data : null);
  }, [fetcher.state, fetcher.data, conversationId]);

  const update = (value: string) => {
    setText(value);
    if (value) window.localStorage.setItem(draftKey(conversationId), value);
    else window.localStorage.removeItem(draftKey(conversationId));
  };
  const send = (sendAnyway: boolean) =>
    fetcher.submit(
      { intent: "reply", text, lastMessageId: String(seenMessageId), ...(sendAnyway ? { sendAnyway: "true" } : {}) },
      { method: "post" },
    );
  const busy = fetcher.state !== "idle";
  const error = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok && !conflict ? fetcher.data.error : null;

  return (
    <section className="reply" aria-label="Reply">
      {conflict ? (
        <div className="reply-conflict" role="alert">
          <strong>{conflict.error}</strong>
          <ul>
            {conflict.unseen?.map((message) => (
              <li key={message.id}>
                <span className="reply-conflict-author">{message.authorName}</span>{" "}
                <time dateTime={new Date(message.sentAt).toISOString()}>{formatDateTime(new Date(message.sentAt))}</time>
                <div className="reply-conflict-text">{message.text}</div>
              </li>
            ))}
          </ul>
          <div className="reply-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                // Read now: the next send is judged against what the rep has just seen.
                setSeenMessageId(conflict.lastMessageId ?? lastMessageId);
                setConflict(null);
                box.current?.focus();
              }}
            >
              Review and edit
            </button>
            <button type="button" className="button button-warn" disabled={busy} onClick={() => send(true)}>
              Send anyway
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                update("");
                setConflict(null);
              }}
            >
              Discard my reply
            </button>
          </div>
        </div>
      ) : null}
      {othersReplying.length ? (
        <p className="reply-claimed" role="note">
          {othersReplying.map((peer) => peer.user.name).join(" and ")} {othersReplying.length > 1 ? "are" : "is"} replying to this
          customer right now. Leave it to them, or agree who answers before you send.
        </p>
      ) : null}
      <textarea
        ref={box}
        aria-label={`Reply to ${contactName ?? "the customer"}`}
        placeholder={`Reply to ${contactName ?? "the customer"}…`}
        rows={4}
        value={text}
        maxLength={20_000}
        onChange={(event) => update(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.metaKey || event.ctrlKey) && text.trim() && !busy && !conflict) {
            event.preventDefault();
            send(false);
          }
        }}
      />
      <div className="reply-foot">
        {error ? (
          <span className="reply-error" role="alert">
            {error}
          </span>
        ) : fetcher.state === "idle" && fetcher.data?.ok ? (
          <span className="reply-sent" role="status">
            {fetcher.data.message}
          </span>
        ) : (
          <span className="muted">
            <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to send
          </span>
        )}
        <button type="button" className="button button-primary" disabled={!text.trim() || busy || Boolean(conflict)} onClick={() => send(false)}>
          {busy ? "Sending…" : SEND_LABELS[channel]}
        </button>
      </div>
    </section>
  );
}
