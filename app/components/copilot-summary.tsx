import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { Provenance } from "../../ai/provider.server";
import type { AccountSummary } from "../../ai/tasks";
import { MessageLink } from "./message-link";

type SummaryPayload = AccountSummary & { provenance: Provenance };

/** Who wrote an AI output, as the UI labels it. */
export function aiLabel(provenance: Pick<Provenance, "provider" | "model">): string {
  return provenance.provider === "local" ? "Local AI" : `AI · ${provenance.model}`;
}


/**
 * The copilot's cross-channel summary of the customer's account at the top of
 * the context panel: what happened, what is open, what was promised, mood and
 * risk, and every fact linked to the message it came from. Fetched after the
 * page shows, and again whenever a new message arrives.
 */
export function CopilotSummary({ conversationId, lastMessageId }: { conversationId: string; lastMessageId: number }) {
  const fetcher = useFetcher<SummaryPayload>();
  useEffect(() => {
    fetcher.load(`/inbox/${conversationId}/summary`);
    // A new message is a reason to read again; the fetcher itself is not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId, lastMessageId]);
  const summary = fetcher.data;

  return (
    <section aria-labelledby="ctx-copilot-title" className="copilot" aria-busy={fetcher.state !== "idle"}>
      <h3 id="ctx-copilot-title">
        Summary {summary ? <span className="ai-label">{aiLabel(summary.provenance)}</span> : null}
      </h3>
      {!summary ? (
        <p className="muted copilot-loading">
          <span className="spinner" aria-hidden /> Reading the account's conversations…
        </p>
      ) : (
        <>
          <p className="copilot-summary">{summary.summary}</p>
          <p className="copilot-badges">
            <span className={`copilot-mood copilot-mood-${summary.mood}`}>Mood: {summary.mood}</span>
            <span className={`copilot-risk copilot-risk-${summary.risk}`}>Risk: {summary.risk}</span>
          </p>
          {summary.riskReasons.length ? (
            <ul className="copilot-reasons" aria-label="Why this risk">
              {summary.riskReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : null}
          {summary.facts.length ? (
            <details className="copilot-facts">
              <summary>Facts and where they come from ({summary.facts.length})</summary>
              <ul>
                {summary.facts.map((fact, index) => (
                  <li key={index}>
                    <span className={`fact-kind fact-kind-${fact.kind}`}>{fact.kind}</span>{" "}
                    <MessageLink source={fact.source} currentId={conversationId}>
                      {fact.text}
                    </MessageLink>
                    {fact.source.conversationId !== conversationId ? <span className="muted"> · {fact.source.conversationId}</span> : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {summary.provenance.fallback ? (
            <p className="copilot-fallback" role="note">
              {summary.provenance.fallback}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
