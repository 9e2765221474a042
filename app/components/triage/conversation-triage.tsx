import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState, useRef, type ReactNode } from "react";
import type { Channel } from "../../../db/interchange";
import { formatDateTime, formatDuration } from "../../lib/format";
import { Avatar } from "../avatar";
import { ChannelBadge } from "../channel-badge";
import { SlaChip } from "./sla-chip";
import { useTriageView } from "../live-inbox";
import { useTriage } from "./triage-provider";

const PRIORITY_OPTIONS = ["urgent", "high", "normal", "low"] as const;

export interface TriageConversation {
  publicId: string;
  channel: Channel;
  subject: string | null;
  status: "open" | "snoozed" | "closed";
  priority: (typeof PRIORITY_OPTIONS)[number];
  waitingSince: Date | null;
  assigneeId: number | null;
  slaDueAt: Date | null;
  slaWarnAt: Date | null;
  slaTarget: string | null;
  snoozedUntil: Date | null;
  snoozedUntilReply: boolean;
}

export interface AssignmentHistoryEntry {
  id: number;
  at: Date;
  source: string;
  assigneeName: string | null;
  teamName: string | null;
  byName: string | null;
}

const SOURCE_LABELS: Record<string, string> = {
  manual: "by hand",
  round_robin: "round robin",
  least_loaded: "least loaded",
  account_owner: "account owner",
  api: "API",
};

/** The conversation's header: what it is, who has it, and the triage controls (a, s, c work here too). */
export function ConversationHeader({
  conversation: loaded,
  contactName,
  assignee: loadedAssignee,
  tags: loadedTags,
  history,
  now,
}: {
  conversation: TriageConversation;
  contactName: string | null;
  assignee: { id: number; name: string } | undefined;
  tags: string[];
  history: AssignmentHistoryEntry[];
  now: Date;
}) {
  const triage = useTriage();
  const location = useLocation();
  // A teammate's change since the page loaded, or this rep's own made offline, shows at once.
  const conversation = useTriageView(loaded, now);
  const tags = conversation.tags ?? loadedTags;
  const assignee =
    conversation.assigneeId === loaded.assigneeId ? loadedAssignee : triage.members.find((member) => member.id === conversation.assigneeId);
  const target = { publicId: conversation.publicId, assigneeId: conversation.assigneeId };
  const act = (fields: Record<string, string>) => triage.act(conversation.publicId, fields);

  return (
    <header className="thread-header">
      <Link to={`/inbox${location.search}`} className="back-to-inbox">
        ← Inbox
      </Link>
      <div className="thread-meta">
        <ChannelBadge channel={conversation.channel} />
        <span className="conversation-id">{conversation.publicId}</span>
        <span className={`status status-${conversation.status}`}>{conversation.status}</span>
        <span className={`priority priority-${conversation.priority}`}>{conversation.priority}</span>
        {conversation.status === "open" && conversation.slaDueAt ? (
          <SlaChip dueAt={conversation.slaDueAt} warnAt={conversation.slaWarnAt} target={conversation.slaTarget} now={now} />
        ) : null}
        {conversation.status === "snoozed" ? (
          <span className="snooze-chip">
            {conversation.snoozedUntil ? `Snoozed until ${formatDateTime(conversation.snoozedUntil)}` : "Snoozed"}
            {conversation.snoozedUntilReply ? (conversation.snoozedUntil ? " or a reply" : " until the customer replies") : ""}
          </span>
        ) : null}
      </div>
      <h2 id="conversation-title">{conversation.subject ?? `Conversation with ${contactName ?? "a customer"}`}</h2>
      <p className="thread-summary">
        {conversation.waitingSince
          ? `Waiting for a reply for ${formatDuration(now.getTime() - conversation.waitingSince.getTime())}`
          : "The customer has an answer"}
        {" · "}
        {assignee ? `Assigned to ${assignee.name}` : "Unassigned"}
      </p>

      <div className="triage-toolbar" role="toolbar" aria-label="Triage">
        <button type="button" className="triage-button assign-button" onClick={() => triage.openAssign(target)} aria-keyshortcuts="a">
          {assignee ? <Avatar name={assignee.name} size="sm" /> : <span className="assign-empty" aria-hidden />}
          <span>{assignee ? assignee.name : "Assign"}</span>
          <kbd aria-hidden>a</kbd>
        </button>
        <select
          className="triage-select"
          value={conversation.priority}
          aria-label="Priority"
          onChange={(event) => act({ intent: "priority", priority: event.target.value })}
        >
          {PRIORITY_OPTIONS.map((priority) => (
            <option key={priority} value={priority}>
              {priority[0]!.toUpperCase() + priority.slice(1)}
            </option>
          ))}
        </select>
        <span className="toolbar-spacer" />
        {conversation.status !== "closed" ? (
          <button type="button" className="triage-button" onClick={() => triage.openSnooze(target)} aria-keyshortcuts="s">
            Snooze <kbd aria-hidden>s</kbd>
          </button>
        ) : null}
        {conversation.status === "snoozed" ? (
          <button type="button" className="triage-button" onClick={() => act({ intent: "status", status: "open" })}>
            Unsnooze
          </button>
        ) : null}
        {conversation.status === "closed" ? (
          <button type="button" className="triage-button" onClick={() => act({ intent: "status", status: "open" })} aria-keyshortcuts="c">
            Reopen <kbd aria-hidden>c</kbd>
          </button>
        ) : (
          <button
            type="button"
            className="triage-button triage-button-primary"
            onClick={() => act({ intent: "status", status: "closed" })}
            aria-keyshortcuts="c"
          >
            Close <kbd aria-hidden>c</kbd>
          </button>
        )}
      </div>

      <TagEditor tags={tags} onAdd={(tag) => act({ intent: "tags", add: tag })} onRemove={(tag) => act({ intent: "tags", remove: tag })} />

      {history.length ? (
        <details className="assignment-history">
          <summary>
            Assignment history <span className="muted">({history.length})</span>
          </summary>
          <div className="history-items">
            {history.map((entry) => (
              <div key={entry.id} className="history-item">
                <span className="history-dot" aria-hidden />
                <span>
                  <strong>{entry.byName ?? "Auto-assign"}</strong>{" "}
                  {entry.assigneeName ? (
                    <>
                      assigned <strong>{entry.assigneeName}</strong>
                    </>
                  ) : entry.teamName ? (
                    <>
                      moved it to <strong>{entry.teamName}</strong>
                    </>
                  ) : (
                    "unassigned it"
                  )}
                  {entry.assigneeName && entry.teamName ? <span className="muted"> ({entry.teamName})</span> : null}
                  <span className="history-source">{SOURCE_LABELS[entry.source] ?? entry.source}</span>
                </span>
                <time dateTime={entry.at.toISOString()} className="history-time">
                  {formatDateTime(entry.at)}
                </time>
              </div>
            ))}
          </div>
        </details>
      ) : null}
    </header>
  );
}

function TagEditor({ tags, onAdd, onRemove }: { tags: string[]; onAdd: (tag: string) => void; onRemove: (tag: string) => void }) {
  const [adding, setAdding] = useState(false);
  const [value, setValue] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (adding) input.current?.focus();
  }, [adding]);
  return (
    <div className="tag-row" aria-label="Tags" role="group">
      {tags.map((tag) => (
        <span key={tag} className="tag-chip">
          {tag}
          <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => onRemove(tag)}>
            ×
          </button>
        </span>
      ))}
      {adding ? (
        <form
          className="tag-add-form"
          onSubmit={(event) => {
            event.preventDefault();
            const tag = value.trim();
            if (tag) onAdd(tag);
            setValue("");
            setAdding(false);
          }}
        >
          <input
            ref={input}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            onBlur={() => !value && setAdding(false)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                setValue("");
                setAdding(false);
              }
            }}
            aria-label="New tag"
            placeholder="tag name"
            maxLength={40}
          />
        </form>
      ) : (
        <button type="button" className="tag-add" onClick={() => setAdding(true)}>
          + Tag
        </button>
      )}
    </div>
  );
}

/** "@ben can you check?" with the mention set apart. */
function withMentions(text: string): ReactNode[] {
  return text.split(/((?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}][\p{L}\p{N}._-]*)/u).map((part, i) =>
    part.startsWith("@") ? (
      <span key={i} className="mention">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

/** Internal notes: never sent to the customer; @name notifies a teammate. */
export function InternalNotes({ notes }: { notes: { id: number; text: string; createdAt: Date; authorName: string | null }[] }) {
  const { members } = useTriage();
  const fetcher = useFetcher<{ ok: boolean; message?: string; error?: string }>();
  const [text, setText] = useState("");
  const sent = fetcher.state === "idle" && fetcher.data?.ok;
  useEffect(() => {
    if (sent) setText("");
  }, [sent, fetcher.data]);
  const example = members[1] ?? members[0];
  const handle = example ? `@${example.email.split("@")[0]}` : "@name";

  return (
    <section className="notes" aria-label="Internal notes">
      <h3>
        Internal notes <span className="muted">only your team sees these</span>
      </h3>
      {notes.map((note) => (
        <div key={note.id} className="note">
          <div className="note-head">
            <Avatar name={note.authorName} size="sm" />
            <strong>{note.authorName ?? "Someone"}</strong>
            <time dateTime={note.createdAt.toISOString()}>{formatDateTime(note.createdAt)}</time>
          </div>
          <div className="note-text">{withMentions(note.text)}</div>
        </div>
      ))}
      <fetcher.Form method="post" className="note-form">
        <input type="hidden" name="intent" value="note" />
        <textarea
          name="text"
          aria-label="Internal note"
          placeholder={`Add a note… type ${handle} to bring someone in`}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              fetcher.submit(event.currentTarget.form);
            }
          }}
          maxLength={5000}
        />
        <div className="note-form-foot">
          {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
            <span className="note-error" role="alert">
              {fetcher.data.error}
            </span>
          ) : (
            <span className="muted">
              <kbd>Ctrl</kbd> + <kbd>Enter</kbd> to add
            </span>
          )}
          <button type="submit" className="button button-note" disabled={!text.trim() || fetcher.state !== "idle"}>
            Add note
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}
