/**
 * Merge proposals over a set of conversations: each conversation is matched,
 * in the order they arrived, against those before it (the same incremental
 * path the inbox uses), and linked to its best match when that is close
 * enough. Linked conversations form proposals; a conversation is in at most
 * one. Each proposal says how sure it is and why.
 */
import type { InterchangeConversation } from "../../db/interchange";
import { problemStatements } from "../local/facts";
import { MergeIndex, type MergeDocument, type MergeMatch } from "./merge-index";

export interface MergeProposal {
  conversationIds: string[];
  /** 0 to 1. */
  confidence: number;
  reason: string;
}

/**
 * Below this similarity two conversations are not proposed. Chosen on public
 * duplicate bug reports (GitBugs Hadoop and SeaMonkey, OpenOffice);
 * `npm run bench merges` reports precision and recall on every labelled set
 * it finds.
 */
export const MERGE_THRESHOLD = 0.27;

/** How much of the threshold a newcomer's average similarity to a group's members must reach. */
const GROUP_COHESION = 0.8;

/** Similarity to confidence: 0.5 at the threshold, 0.9 by about twice it. */
export function mergeConfidence(similarity: number): number {
  return Math.round((1 / (1 + Math.exp(-9 * (similarity - MERGE_THRESHOLD)))) * 100) / 100;
}

/** Why two conversations look like one issue, in words a rep can check. */
export function mergeReason(match: Pick<MergeMatch, "sharedWords" | "sameContact" | "crossChannel">, sameAccount: boolean): string {
  const who = match.sameContact ? "Same customer" : match.crossChannel ? "Same account, another channel, within days" : sameAccount ? "Same account" : "Related customers";
  const words = match.sharedWords.map((word) => `“${word}”`).join(", ");
  return words ? `${who}; both describe ${words}.` : `${who}; the same wording throughout.`;
}

/** A conversation in the interchange format, as the merge index reads it. */
export function mergeDocumentOf(conversation: InterchangeConversation): MergeDocument {
  const { contact } = conversation;
  const customerText = conversation.messages
    .filter((message) => message.author === "customer")
    .map((message) => message.text)
    .join("\n");
  return {
    id: conversation.id,
    accountId: conversation.account?.id ?? null,
    contactKeys: [
      contact?.email && `email:${contact.email.toLowerCase()}`,
      contact?.slackUserId && `slack:${contact.slackUserId}`,
      contact?.chatVisitorId && `chat:${contact.chatVisitorId}`,
    ].filter((key): key is string => Boolean(key)),
    subject: conversation.subject ?? null,
    customerText,
    channel: conversation.channel,
    startedAt: Date.parse(conversation.createdAt),
    problemText: problemStatements(customerText),
  };
}

/** Proposals over `documents`, given in the order they arrived. */
export function proposeMerges(documents: readonly MergeDocument[]): MergeProposal[] {
  const index = new MergeIndex();
  const byId = new Map(documents.map((document) => [document.id, document]));
  const links: { from: string; match: MergeMatch }[] = [];
  for (const document of documents) {
    const [best] = index.matches(document, { limit: 1, minSimilarity: MERGE_THRESHOLD });
    if (best) links.push({ from: document.id, match: best });
    index.add(document);
  }

  // Strongest links first. A conversation joins a group only if it resembles the group as a whole,
  // not just its nearest member: groups never chain through a series of weak links.
  const groupOf = new Map<string, { ids: string[]; links: typeof links }>();
  for (const link of links.sort((a, b) => b.match.similarity - a.match.similarity)) {
    const a = groupOf.get(link.from);
    const b = groupOf.get(link.match.id);
    if (a && b) continue;
    const group = a ?? b;
    const joining = a ? link.match.id : link.from;
    if (group) {
      const together = group.ids.reduce((sum, id) => sum + index.similarity(joining, id), 0) / group.ids.length;
      if (together < MERGE_THRESHOLD * GROUP_COHESION) continue;
      group.ids.push(joining);
      groupOf.set(joining, group);
      group.links.push(link);
    } else {
      const pair = { ids: [link.from, link.match.id], links: [link] };
      groupOf.set(link.from, pair);
      groupOf.set(link.match.id, pair);
    }
  }

  const groups = [...new Set(groupOf.values())];
  return groups
    .map((group) => {
      const strongest = group.links[0]!;
      const similarity = group.links.reduce((sum, link) => sum + link.match.similarity, 0) / group.links.length;
      const first = byId.get(strongest.from)!;
      const second = byId.get(strongest.match.id)!;
      return {
        conversationIds: group.ids.sort(),
        confidence: mergeConfidence(similarity),
        reason: mergeReason(strongest.match, first.accountId !== null && first.accountId === second.accountId),
      };
    })
    .sort((a, b) => b.confidence - a.confidence);
}
