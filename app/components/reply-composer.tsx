import { useFetcher } from "@remix-run/react";
import { $createParagraphNode, $getRoot, type LexicalEditor } from "lexical";
import { useEffect, useRef, useState } from "react";
import type { Channel } from "../../db/interchange";
import type { Provenance } from "../../ai/provider.server";
import type { Citation } from "../../ai/tasks";
import { outboxKey } from "../lib/browser-storage";
import { aiLabel } from "./copilot-summary";
import { DraftSources } from "./draft-sources";
import { CHANNEL_LABELS, formatDateTime } from "../lib/format";
import { useLiveInbox, useReplyClaim } from "./live-inbox";
import { draftTextOf, SharedDraftEditor } from "./shared-draft-editor";

const SEND_LABELS: Record<Channel, string> = { email: "Send email", chat: "Send in chat", slack: "Send to Slack" };

type ReplyResult =
  | { ok: true; message: string }
  | {
      ok: false;
      error: string;
      unseen?: { id: number; authorName: string; authorKind: string; text: string; sentAt: string | Date }[];
      lastMessageId?: number;
    };

type ReplyFields = Record<string, string>;

type AiDraftResult = { ok: true; aiOutputId: number; draft: string; citations: Citation[]; provenance: Provenance } | { ok: false; error: string };

/** Dispatched on window by the inbox's "r" shortcut. */
export const FOCUS_REPLY_EVENT = "tandem:focus-reply";

/** A reply sent while offline waits here (this browser), and goes out through the send guard when the connection is back. */
function useOutbox(workspaceSlug: string, conversationId: string) {
  const key = outboxKey(workspaceSlug, conversationId);
  const [queued, setQueued] = useState<ReplyFields | null>(null);
  useEffect(() => {
    const saved = window.localStorage.getItem(key);
    setQueued(saved ? (JSON.parse(saved) as ReplyFields) : null);
  }, [key]);
  return {
    queued,
    queue(fields: ReplyFields) {
      window.localStorage.setItem(key, JSON.stringify(fields));
      setQueued(fields);
    },
    clear() {
      window.localStorage.removeItem(key);
      setQueued(null);
    },
  };
}

/**
 * The reply box under a thread: the conversation's shared draft. The first
 * rep to write claims the reply, and the others see who is writing, watch the
 * draft grow, and may join it instead of starting a second answer. The send
 * guard remembers which message the rep had seen when they started; if the
 * customer or a teammate writes before they send, the server refuses and the
 * rep chooses: review what is new, send anyway, or discard. Offline, a reply
 * is queued and sent (through the same guard) when the connection is back.
 */
/** A thread the reply can answer on: the conversation's own (via null), or that of one merged into it. */
export interface AnswerRoute {
  via: string | null;
  channel: Channel;
  contactName: string | null;
}

export function ReplyComposer({
  conversationId,
  answerOn,
  lastMessageId,
}: {
  conversationId: string;
  /** The conversation's own thread first. */
  answerOn: AnswerRoute[];
  /** The newest message on the page now. */
  lastMessageId: number;
}) {
  // Merged threads: one answer, on the channel the rep picks for the customer.
  const [via, setVia] = useState<string | null>(null);
  const route = answerOn.find((option) => option.via === via) ?? answerOn[0]!;
  const { channel, contactName } = route;
  const live = useLiveInbox();
  const fetcher = useFetcher<ReplyResult>();
  const editor = useRef<LexicalEditor | null>(null);
  const outbox = useOutbox(live.workspaceSlug, conversationId);
  const [hydrated, setHydrated] = useState(false);
  const [text, setText] = useState("");
  // What the rep had read when this draft began: the send guard compares against it, not against the live page.
  const [seenMessageId, setSeenMessageId] = useState(lastMessageId);
  const [conflict, setConflict] = useState<Extract<ReplyResult, { ok: false }> | null>(null);
  const [joined, setJoined] = useState(false);
  const claim = useReplyClaim(conversationId);
  const holder = claim && claim.userId !== live.user.id ? claim : null;
  const lockedOut = holder !== null && !joined;
  const offline = live.status === "offline";
  const busy = fetcher.state !== "idle";
  // An AI draft streams into the shared draft; the rep sends it as is, edits it, or rejects it, and that choice is recorded.
  const aiFetcher = useFetcher<AiDraftResult>();
  const verdictFetcher = useFetcher();
  const [aiDraft, setAiDraft] = useState<Extract<AiDraftResult, { ok: true }> | null>(null);
  const drafting = aiFetcher.state !== "idle";
  useEffect(() => {
    if (aiFetcher.state === "idle" && aiFetcher.data?.ok) setAiDraft(aiFetcher.data);
  }, [aiFetcher.state, aiFetcher.data]);

  useEffect(() => setHydrated(true), []);

  // "r": into the draft, or, while a teammate holds the reply, onto the offer to join them.
  const joinButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const focus = () => (lockedOut ? joinButton.current?.focus() : editor.current?.focus());
    window.addEventListener(FOCUS_REPLY_EVENT, focus);
    return () => window.removeEventListener(FOCUS_REPLY_EVENT, focus);
  }, [lockedOut]);
  useEffect(() => {
    if (!text.trim()) setSeenMessageId(lastMessageId);
  }, [lastMessageId, text]);

  // Leaving the conversation lets the reply go: the draft stays for whoever picks it up.
  const release = useRef(live.releaseReply);
  release.current = live.releaseReply;
  useEffect(() => () => release.current(conversationId), [conversationId]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      setConflict(null);
      setAiDraft(null);
      live.releaseReply(conversationId);
    } else setConflict(fetcher.data.unseen ? fetcher.data : null);
    // Only a new result matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  // Back online with a reply waiting: it goes now, through the send guard like any other.
  useEffect(() => {
    if (!outbox.queued || offline || busy) return;
    fetcher.submit(outbox.queued, { method: "post" });
    outbox.clear();
  }, [outbox, offline, busy, fetcher]);

  const onDraftChange = (value: string, local: boolean) => {
    setText(value);
    if (!local || lockedOut) return;
    if (value.trim()) live.claimReply(conversationId);
    else live.releaseReply(conversationId);
  };

  const send = (sendAnyway: boolean) => {
    const body = editor.current ? draftTextOf(editor.current) : text;
    if (!body.trim()) return;
    const fields: ReplyFields = {
      intent: "reply",
      text: body,
      lastMessageId: String(seenMessageId),
      fromSharedDraft: "true",
      ...(route.via ? { via: route.via } : {}),
      ...(sendAnyway ? { sendAnyway: "true" } : {}),
      ...(aiDraft ? { aiOutputId: String(aiDraft.aiOutputId) } : {}),
    };
    setConflict(null);
    if (offline) outbox.queue(fields);
    else fetcher.submit(fields, { method: "post" });
  };

  const discard = () => {
    editor.current?.update(() => $getRoot().clear().append($createParagraphNode()));
    setConflict(null);
  };

  const askAi = () => {
    live.claimReply(conversationId);
    aiFetcher.submit({ intent: "ai-draft" }, { method: "post" });
  };
  const rejectAi = () => {
    if (aiDraft) verdictFetcher.submit({ intent: "ai-reject", aiOutputId: String(aiDraft.aiOutputId) }, { method: "post" });
    setAiDraft(null);
    discard();
  };

  const canSend = Boolean(text.trim()) && !busy && !conflict && !lockedOut && !outbox.queued && !drafting;
  // A new AI draft replaces only an empty draft, or an AI draft nobody has touched.
  const canAskAi = !lockedOut && !drafting && !outbox.queued && !offline && (!text.trim() || text.trim() === aiDraft?.draft.trim());
  const error = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok && !conflict ? fetcher.data.error : null;
  const label = `Reply to ${contactName ?? "the customer"}`;

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
                editor.current?.focus();
              }}
            >
              Review and edit
            </button>
            <button type="button" className="button button-warn" disabled={busy} onClick={() => send(true)}>
              Send anyway
            </button>
            <button type="button" className="button button-quiet" onClick={discard}>
              Discard my reply
            </button>
          </div>
        </div>
      ) : null}
      {holder ? (
        <div className="reply-claimed" role="note">
          {joined ? (
            <>You are writing this reply with {holder.name}. Either of you can send it, once.</>
          ) : (
            <>
              <strong>{holder.name} is replying to this customer.</strong> You can follow the draft as it is written, or write it
              together.{" "}
              <button
                ref={joinButton}
                type="button"
                className="button"
                onClick={() => {
                  setJoined(true);
                  setTimeout(() => editor.current?.focus());
                }}
              >
                Join the shared draft
              </button>
            </>
          )}
        </div>
      ) : null}
      {drafting ? (
        <div className="ai-draft-bar" role="status">
          <span className="spinner" aria-hidden /> Drafting a reply from this conversation…
        </div>
      ) : aiDraft ? (
        <div className="ai-draft-bar" role="status">
          <span className="ai-label">{aiLabel(aiDraft.provenance)}</span>
          <span>
            Drafted by AI ({aiDraft.provenance.promptVersion}). Read it, edit what isn't right, then send; or{" "}
          </span>
          <button type="button" className="button button-quiet" onClick={rejectAi}>
            Reject the draft
          </button>
          {aiDraft.provenance.fallback ? <span className="copilot-fallback">{aiDraft.provenance.fallback}</span> : null}
          <DraftSources citations={aiDraft.citations} conversationId={conversationId} />
        </div>
      ) : null}
      {outbox.queued ? (
        <div className="reply-queued" role="status">
          Queued: this reply goes out when the connection is back, unless the customer or a teammate wrote meanwhile.{" "}
          <button type="button" className="button button-quiet" onClick={outbox.clear}>
            Cancel
          </button>
        </div>
      ) : null}
      {answerOn.length > 1 ? (
        <label className="answer-on">
          Answer on{" "}
          <select aria-label="Answer on" value={via ?? ""} onChange={(event) => setVia(event.target.value || null)} disabled={busy || Boolean(outbox.queued)}>
            {answerOn.map((option) => (
              <option key={option.via ?? ""} value={option.via ?? ""}>
                {CHANNEL_LABELS[option.channel]} · {option.contactName ?? "the customer"}
                {option.via ? ` (merged from ${option.via})` : ""}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div
        className={`draft ${lockedOut ? "draft-locked" : ""}`}
        onKeyDownCapture={(event) => {
          if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            if (canSend) send(false);
          }
        }}
      >
        {hydrated ? (
          <SharedDraftEditor
            conversationId={conversationId}
            workspaceSlug={live.workspaceSlug}
            user={live.user}
            editable={!lockedOut && !outbox.queued}
            label={label}
            placeholder={`${label}…`}
            editorRef={editor}
            onChange={onDraftChange}
          />
        ) : (
          <div className="draft-editor draft-loading" aria-busy="true">
            Loading the draft…
          </div>
        )}
      </div>
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
            <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to send{offline ? " (queued until you are back online)" : ""}
          </span>
        )}
        <button type="button" className="button reply-ai" disabled={!canAskAi} onClick={askAi} title="Write a recovery-focused first draft from this conversation">
          Draft with AI
        </button>
        <button type="button" className="button button-primary" disabled={!canSend} onClick={() => send(false)}>
          {busy ? "Sending…" : offline ? "Queue reply" : SEND_LABELS[channel]}
        </button>
      </div>
    </section>
  );
}
