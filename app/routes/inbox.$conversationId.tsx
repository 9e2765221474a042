import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getConversationThread } from "../../db/conversations.server";
import { Avatar } from "../components/avatar";
import { ChannelBadge } from "../components/channel-badge";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { formatDate, formatDateTime, formatDuration, formatMoney } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.thread.conversation.subject ?? data.thread.conversation.publicId} · Tandem` : "Tandem" },
];

const DAY = 86_400_000;
const IDENTITY_LABELS = { email: "Email", chat_visitor: "Chat visitor", slack_user: "Slack user" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const thread = getConversationThread(context.db, user.workspaceId, params.conversationId ?? "");
  if (!thread) throw new Response(`No conversation "${params.conversationId}" in your workspace.`, { status: 404 });
  return { thread, now: new Date() };
}

export default function ConversationPage() {
  const { thread, now } = useLoaderData<typeof loader>();
  const { conversation, messages, notes, account, contact, contactIdentities, assignee } = thread;
  const trialDay = account?.trialStartedAt
    ? Math.floor((now.getTime() - account.trialStartedAt.getTime()) / DAY) + 1
    : undefined;
  const daysToRenewal = account?.renewalAt
    ? Math.ceil((account.renewalAt.getTime() - now.getTime()) / DAY)
    : undefined;

  return (
    <div className="conversation">
      <article className="thread" aria-labelledby="conversation-title">
        <header className="thread-header">
          <Link to="/inbox" className="back-to-inbox">
            ← Inbox
          </Link>
          <div className="thread-meta">
            <ChannelBadge channel={conversation.channel} />
            <span className="conversation-id">{conversation.publicId}</span>
            <span className={`status status-${conversation.status}`}>{conversation.status}</span>
            <span className={`priority priority-${conversation.priority}`}>{conversation.priority}</span>
          </div>
          <h2 id="conversation-title">{conversation.subject ?? `Conversation with ${contact?.name ?? "a customer"}`}</h2>
          <p className="thread-summary">
            {conversation.waitingSince
              ? `Waiting for a reply for ${formatDuration(now.getTime() - conversation.waitingSince.getTime())}`
              : "The customer has an answer"}
            {" · "}
            {assignee ? `Assigned to ${assignee.name}` : "Unassigned"}
          </p>
        </header>
        <ol className="messages">
          {messages.map((message) => (
            <li key={message.id} className={`message message-${message.authorKind}`}>
              <div className="message-head">
                <Avatar name={message.authorName} size="sm" />
                <span className="message-author">{message.authorName}</span>
                {message.authorKind === "bot" ? <span className="tag">bot</span> : null}
                <time dateTime={message.sentAt.toISOString()}>{formatDateTime(message.sentAt)}</time>
              </div>
              <div className="message-body">{message.text}</div>
            </li>
          ))}
        </ol>
        {notes.length ? (
          <section className="notes" aria-label="Internal notes">
            <h3>Internal notes</h3>
            {notes.map((note) => (
              <p key={note.id} className="note">
                <strong>{note.authorName ?? "Someone"}</strong>: {note.text}
              </p>
            ))}
          </section>
        ) : null}
      </article>
      <aside className="context-panel" aria-label="Customer context">
        <section>
          <h3>Customer</h3>
          {contact ? (
            <>
              <p className="context-name">
                <Avatar name={contact.name} />
                {contact.name ?? "Unknown customer"}
              </p>
              <dl className="facts">
                {contactIdentities.map((identity) => (
                  <div key={`${identity.kind}:${identity.value}`}>
                    <dt>{IDENTITY_LABELS[identity.kind]}</dt>
                    <dd>{identity.value}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : (
            <p className="muted">No contact details.</p>
          )}
        </section>
        <section>
          <h3>Account</h3>
          {account ? (
            <>
              <p className="context-name">{account.name}</p>
              <dl className="facts">
                {account.plan ? (
                  <div>
                    <dt>Plan</dt>
                    <dd>
                      <span className={`plan plan-${account.plan}`}>{account.plan}</span>
                    </dd>
                  </div>
                ) : null}
                {account.mrrCents !== null ? (
                  <div>
                    <dt>MRR</dt>
                    <dd>{formatMoney(account.mrrCents)}</dd>
                  </div>
                ) : null}
                {account.seats !== null ? (
                  <div>
                    <dt>Seats</dt>
                    <dd>{account.seats}</dd>
                  </div>
                ) : null}
                {account.renewalAt && daysToRenewal !== undefined ? (
                  <div>
                    <dt>Renewal</dt>
                    <dd className={daysToRenewal <= 30 ? "attention" : undefined}>
                      {formatDate(account.renewalAt)} ({daysToRenewal >= 0 ? `in ${daysToRenewal} days` : "lapsed"})
                    </dd>
                  </div>
                ) : null}
                {trialDay !== undefined ? (
                  <div>
                    <dt>Trial</dt>
                    <dd className="attention">Day {trialDay}</dd>
                  </div>
                ) : null}
              </dl>
            </>
          ) : (
            <p className="muted">Not linked to an account.</p>
          )}
        </section>
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page-center">
      <GeneralErrorBoundary />
    </div>
  );
}
