import type { ReactNode } from "react";

/** The id of a message's element in the thread, from its position (0 first). */
export const messageAnchor = (index: number) => `message-${index}`;

/**
 * A link to the message an AI output read: on this page it scrolls there and
 * flashes it; in another of the account's conversations it opens that one.
 */
export function MessageLink({
  source,
  currentId,
  children,
}: {
  source: { conversationId: string; messageIndex: number };
  currentId: string;
  children: ReactNode;
}) {
  const here = source.conversationId === currentId;
  return (
    <a
      href={here ? `#${messageAnchor(source.messageIndex)}` : `/inbox/${source.conversationId}#${messageAnchor(source.messageIndex)}`}
      title={`${source.conversationId}, message ${source.messageIndex + 1}`}
      onClick={(event) => {
        const target = document.getElementById(messageAnchor(source.messageIndex));
        if (!here || !target) return;
        event.preventDefault();
        target.scrollIntoView({ behavior: "smooth", block: "center" });
        target.classList.add("message-highlight");
        setTimeout(() => target.classList.remove("message-highlight"), 1_600);
      }}
    >
      {children}
    </a>
  );
}
