import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getRepContext } from "../../db/account-conversations.server";
import { getConversationThread } from "../../db/conversations.server";
import { attachmentsByMessage } from "../../server/channels/email/message-attachments.server";
import { assignmentHistory } from "../../db/notes.server";
import { tagsOf } from "../../db/triage.server";
import { handleReplyForm } from "../../server/inbox/reply-form.server";
import { handleTriageForm } from "../../server/inbox/triage-form.server";
import { Avatar } from "../components/avatar";
import { ContextPanel } from "../components/context-panel";
import { MergeProposals } from "../components/merge-proposals";
import { mergesInto, publicIdsOf } from "../../db/merges.server";
import { CopilotSummary } from "../components/copilot-summary";
import { messageAnchor } from "../components/message-link";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { PresenceBanner, useViewing } from "../components/live-inbox";
import { ReplyComposer } from "../components/reply-composer";
import { ConversationHeader, InternalNotes } from "../components/triage/conversation-triage";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.thread.conversation.subject ?? data.thread.conversation.publicId} · Tandem` : "Tandem" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const thread = getConversationThread(context.db, user.workspaceId, params.conversationId ?? "");
  if (!thread) throw new Response(`No conversation "${params.conversationId}" in your workspace.`, { status: 404 });
  const now = new Date();
  return {
    proposals: context.merges.pendingFor(user.workspaceId, thread.conversation.publicId),
    merges: mergesInto(context.db, user.workspaceId, thread.conversation.id),
    mergedInto: thread.conversation.mergedIntoId ? publicIdsOf(context.db, user.workspaceId, [thread.conversation.mergedIntoId])[0] ?? null : null,
    triage: { tags: tagsOf(context.db, thread.conversation.id), history: assignmentHistory(context.db, user.workspaceId, thread.conversation.id) },
    thread, now, panel: getRepContext(context.db, user.workspaceId, thread.conversation, now),
    attachments: attachmentsByMessage(context.db, user.workspaceId, thread.messages.map((m) => m.id)),
  };
}

/** Replies (intent=reply), AI drafts (intent=ai-draft, ai-reject), and triage from the header, the list's keys and the notes form: intent=assign|status|priority|tags|snooze|note. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const form = await request.formData();
  const conversationId = params.conversationId ?? "";
  const fields = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  if (fields.intent === "reply") {
    const result = handleReplyForm(context.services, user, conversationId, fields);
    // A reply that started as an AI draft: how much the rep changed it is the draft's grade.
    const aiOutputId = Number(fields.aiOutputId);
    if (result.ok && Number.isInteger(aiOutputId) && aiOutputId > 0) context.copilot.review(user.workspaceId, user.id, aiOutputId, fields.text ?? "");
    return data(result, { status: result.status });
  }
  if (fields.intent === "ai-draft") {
    const drafted = await context.copilot.draft(user.workspaceId, conversationId, user.name, new Date());
    if (!drafted) return data({ ok: false as const, intent: "ai-draft" as const, error: `No conversation "${conversationId}" in your workspace.` }, { status: 404 });
    return {
      ok: true as const,
      intent: "ai-draft" as const,
      aiOutputId: drafted.aiOutputId,
      draft: drafted.draft.draft,
      citations: drafted.draft.citations,
      provenance: drafted.provenance,
    };
  }
  if (fields.intent === "merge-accept") {
    const merged = context.merges.accept(user.workspaceId, Number(fields.proposalId), conversationId, user.id);
    return data(merged.ok ? { ok: true, message: `Merged ${merged.mergedFrom} into ${conversationId}.` } : merged, { status: merged.ok ? 200 : 409 });
  }
  if (fields.intent === "merge-reject") {
    const rejected = context.merges.reject(user.workspaceId, Number(fields.proposalId), user.id);
    return data(rejected ? { ok: true, message: "Noted: not the same issue. It won't be proposed again." } : { ok: false, error: "That proposal is no longer open." }, { status: rejected ? 200 : 409 });
  }
  if (fields.intent === "merge-undo") {
    const undone = context.merges.undo(user.workspaceId, Number(fields.mergeId));
    return data(undone ? { ok: true, message: "Merge undone." } : { ok: false, error: "That merge was already undone." }, { status: undone ? 200 : 409 });
  }
  if (fields.intent === "ai-reject") {
    const verdict = context.copilot.review(user.workspaceId, user.id, Number(fields.aiOutputId), null);
    return data({ ok: verdict !== undefined, intent: "ai-reject" as const }, { status: verdict ? 200 : 404 });
  }
  const result = handleTriageForm(context.services, user, conversationId, form);
  return data(result, { status: result.status });
}

export default function ConversationPage() {
  const { thread, now, panel, attachments, proposals, merges, mergedInto } = useLoaderData<typeof loader>();
  const movedFrom = new Map(merges.flatMap((merge) => merge.movedMessageIds.map((id) => [id, merge.source] as const)));
  const { conversation, messages, notes, contact, assignee } = thread;
  const { triage } = useLoaderData<typeof loader>();
  useViewing(conversation.publicId);

  return (
    <div className="conversation">
      <article className="thread" aria-labelledby="conversation-title">
        <PresenceBanner conversationId={conversation.publicId} />
        <ConversationHeader
          conversation={conversation}
          contactName={contact?.name ?? null}
          assignee={assignee}
          tags={triage.tags}
          history={triage.history}
          now={now}
        />
        {mergedInto ? (
          <p className="merge-note" role="note">
            Merged into <Link to={`/inbox/${mergedInto}`}>{mergedInto}</Link>: its messages are answered there.
          </p>
        ) : null}
        <MergeProposals proposals={proposals} merges={merges} />
        <ol className="messages">
          {messages.map((message, index) => (
            <li key={message.id} id={messageAnchor(index)} className={`message message-${message.authorKind}`}>
              <div className="message-head">
                <Avatar name={message.authorName} size="sm" />
                <span className="message-author">{message.authorName}</span>
                {message.authorKind === "bot" ? <span className="tag">bot</span> : null}
                <time dateTime={message.sentAt.toISOString()}>{formatDateTime(message.sentAt)}</time>
                {movedFrom.has(message.id) ? (
                  <span className="merged-from">
                    from {movedFrom.get(message.id)!.publicId} · {movedFrom.get(message.id)!.channel}
                  </span>
                ) : null}
              </div>
              {message.html ? (
                // Sanitised when it arrived (server/inbox/sanitize-html.server.ts): no scripts, handlers or remote images.
                <div className="message-body message-html" style={{ whiteSpace: "normal" }} dangerouslySetInnerHTML={{ __html: message.html }} />
              ) : (
                <div className="message-body">{message.text}</div>
              )}
              {attachments[message.id]?.length ? (
                <ul className="attachment-chips" aria-label="Attachments" style={{ display: "flex", flexWrap: "wrap", gap: 6, listStyle: "none", padding: 0, margin: "8px 0 0" }}>
                  {attachments[message.id]!.map((file, i) => (
                    <li key={i} className="tag attachment-chip" title={file.contentType}>
                      📎 {file.filename} · {file.sizeLabel}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
        {conversation.status === "closed" ? null : (
          <ReplyComposer
            key={conversation.publicId}
            conversationId={conversation.publicId}
            answerOn={[
              { via: null, channel: conversation.channel, contactName: contact?.name ?? null },
              ...merges.map(({ source }) => ({ via: source.publicId, channel: source.channel, contactName: source.contactName })),
            ]}
            lastMessageId={messages.at(-1)?.id ?? 0}
          />
        )}
        <InternalNotes notes={notes} />
      </article>
      <ContextPanel
        context={panel}
        now={now}
        copilot={<CopilotSummary conversationId={conversation.publicId} lastMessageId={messages.at(-1)?.id ?? 0} />}
      />
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
