import type { Citation } from "../../ai/tasks";
import { MessageLink } from "./message-link";

/**
 * What an AI draft was grounded in, so the rep can check it before sending:
 * the messages it read (each a link to the message), the team's knowledge
 * snippets it used, and the account facts behind any offer it made.
 */
export function DraftSources({ citations, conversationId }: { citations: Citation[]; conversationId: string }) {
  if (!citations.length) return null;
  return (
    <details className="draft-sources">
      <summary>What the draft used ({citations.length})</summary>
      <ul>
        {citations.map((citation, index) => (
          <li key={index}>
            {citation.kind === "message" ? (
              <>
                <span className="fact-kind">message</span>{" "}
                <MessageLink source={citation} currentId={conversationId}>
                  {citation.text}
                </MessageLink>
              </>
            ) : citation.kind === "knowledge" ? (
              <>
                <span className="fact-kind fact-kind-knowledge">knowledge</span>{" "}
                <a href={`/knowledge#${citation.snippetId}`} target="_blank" rel="noreferrer">
                  {citation.title}
                </a>
              </>
            ) : (
              <>
                <span className="fact-kind">account</span> {citation.text}
              </>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
