import { Link, useFetcher } from "@remix-run/react";
import type { PendingProposal, MergeIntoTarget } from "../../db/merges.server";
import { ChannelBadge } from "./channel-badge";
import { formatDateTime } from "../lib/format";

/**
 * Over the thread: the copilot's proposals that another open conversation is
 * this same issue (merge it in here, or say it is not), and the merges
 * standing in this conversation, each with its undo.
 */
export function MergeProposals({ proposals, merges }: { proposals: PendingProposal[]; merges: MergeIntoTarget[] }) {
  const fetcher = useFetcher<{ ok: boolean; message?: string; error?: string }>();
  const busy = fetcher.state !== "idle";
  if (proposals.length === 0 && merges.length === 0) return null;
  return (
    <div className="merge-area">
      {proposals.map((proposal) => (
        <section key={proposal.id} className="merge-proposal" aria-label={`Same issue as ${proposal.other.publicId}?`}>
          <div className="merge-proposal-head">
            <span className="ai-label">Local AI</span>
            <strong>Same issue as</strong>{" "}
            <Link to={`/inbox/${proposal.other.publicId}`}>{proposal.other.publicId}</Link> <ChannelBadge channel={proposal.other.channel} />
            {proposal.other.subject ? <span className="muted"> “{proposal.other.subject}”</span> : null}
            <span className="merge-confidence">{Math.round(proposal.confidence * 100)}% sure</span>
          </div>
          <p className="merge-reason">{proposal.reason}</p>
          <div className="reply-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => fetcher.submit({ intent: "merge-accept", proposalId: String(proposal.id) }, { method: "post" })}
            >
              Merge {proposal.other.publicId} into this conversation
            </button>
            <button
              type="button"
              className="button button-quiet"
              disabled={busy}
              onClick={() => fetcher.submit({ intent: "merge-reject", proposalId: String(proposal.id) }, { method: "post" })}
            >
              Not the same issue
            </button>
          </div>
        </section>
      ))}
      {merges.map((merge) => (
        <p key={merge.id} className="merge-note" role="note">
          Merged from {merge.source.publicId} ({merge.source.channel}, {merge.movedMessageIds.length} messages) on {formatDateTime(new Date(merge.mergedAt))}.{" "}
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => fetcher.submit({ intent: "merge-undo", mergeId: String(merge.id) }, { method: "post" })}>
            Undo merge
          </button>
        </p>
      ))}
      {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
        <p className="reply-error" role="alert">
          {fetcher.data.error}
        </p>
      ) : null}
    </div>
  );
}
