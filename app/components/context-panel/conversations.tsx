import { Link } from "@remix-run/react";
import type { AccountConversations } from "../../../db/account-conversations.server";
import { formatDateTime } from "../../lib/format";
import { ChannelBadge } from "../channel-badge";
import { formatAgo } from "./time";

/** Every conversation of the account, open first; each one click (or Tab, Enter) away. */
export function ConversationsSection({ related, now }: { related: AccountConversations | null; now: Date }) {
  return (
    <section className="ctx-conversations" aria-labelledby="ctx-conversations-title">
      <header className="ctx-section-head">
        <h3 id="ctx-conversations-title">Conversations</h3>
        {related && related.total ? (
          <span className="ctx-count">
            {related.open} open · {related.total} in all
          </span>
        ) : null}
      </header>
      {!related || related.conversations.length === 0 ? (
        <p className="muted ctx-empty">No other conversations: link the customer to an account to see its history.</p>
      ) : (
        <>
          <ol className="ctx-conv-list">
            {related.conversations.map((conversation) => (
              <li key={conversation.publicId}>
                <Link
                  to={`/inbox/${conversation.publicId}`}
                  prefetch="intent"
                  className={`ctx-conv${conversation.current ? " ctx-conv-current" : ""}`}
                  aria-current={conversation.current ? "page" : undefined}
                >
                  <span className="ctx-conv-top">
                    <ChannelBadge channel={conversation.channel} />
                    <span className="ctx-conv-title">{conversation.subject ?? (conversation.preview || "No messages yet")}</span>
                  </span>
                  <span className="ctx-conv-meta">
                    <span className="ctx-conv-contact">{conversation.contactName ?? "Unknown customer"}</span>
                    <span className={`ctx-conv-status ctx-conv-status-${conversation.status}`}>{conversation.status}</span>
                    {conversation.current ? <span className="ctx-conv-viewing">Viewing</span> : null}
                    <time dateTime={conversation.lastMessageAt.toISOString()} title={formatDateTime(conversation.lastMessageAt)}>
                      {formatAgo(conversation.lastMessageAt, now)}
                    </time>
                  </span>
                </Link>
              </li>
            ))}
          </ol>
          {related.total > related.conversations.length ? (
            <p className="ctx-note">
              Showing the latest {related.conversations.length} of {related.total}.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
