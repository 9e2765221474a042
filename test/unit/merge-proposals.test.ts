import { describe, expect, it } from "vitest";
import { MergeIndex, type MergeDocument } from "../../ai/merges/merge-index";
import { mergeConfidence, MERGE_THRESHOLD, proposeMerges } from "../../ai/merges/propose";

const conversation = (id: string, accountId: string | null, subject: string | null, customerText: string, contactKeys: string[] = []): MergeDocument => ({
  id,
  accountId,
  contactKeys,
  subject,
  customerText,
});

/** Northwind's weekend: one failure reported three ways, and an unrelated question from the same account. */
const weekend = [
  conversation(
    "c-1",
    "northwind",
    "Nightly CSV export failing since Friday",
    "Our nightly CSV export to S3 has failed every night since Friday with ERR_EXPORT_TIMEOUT. Finance needs the export by 8am.",
    ["email:dana@northwind.example"],
  ),
  conversation("c-2", "northwind", null, "hey, the S3 export job keeps timing out (ERR_EXPORT_TIMEOUT) and finance has no CSV again today", [
    "chat:visitor-77",
  ]),
  conversation("c-3", "northwind", null, "Is anyone looking at the export timeouts? Our S3 CSV export failed again last night.", ["slack:U042"]),
  conversation(
    "c-4",
    "northwind",
    "Invoice shows the wrong seat count",
    "Our November invoice bills 40 seats but we only have 32 active users. Can you correct the invoice?",
    ["email:dana@northwind.example"],
  ),
  conversation("c-5", "contoso", "CSV export failing", "Our nightly CSV export to S3 has failed since Friday with ERR_EXPORT_TIMEOUT.", [
    "email:li@contoso.example",
  ]),
];

describe("merge proposals", () => {
  it("groups one account's reports of the same failure across email, chat and Slack, and leaves its other problem alone", () => {
    const proposals = proposeMerges(weekend);
    const northwind = proposals.find((proposal) => proposal.conversationIds.includes("c-1"));
    expect(northwind?.conversationIds).toEqual(["c-1", "c-2", "c-3"]);
    expect(northwind?.confidence).toBeGreaterThan(0.5);
    expect(northwind?.reason).toMatch(/^Same (account|customer); both describe .*(export|ERR_EXPORT_TIMEOUT)/);
    expect(proposals.flatMap((proposal) => proposal.conversationIds)).not.toContain("c-4");
  });

  it("never proposes another account's conversation, however alike the words", () => {
    const proposals = proposeMerges(weekend);
    expect(proposals.flatMap((proposal) => proposal.conversationIds)).not.toContain("c-5");
  });

  it("puts each conversation in at most one proposal", () => {
    const ids = proposeMerges(weekend).flatMap((proposal) => proposal.conversationIds);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("matches the same customer without an account, by their identity on the channel", () => {
    const proposals = proposeMerges([
      conversation("a", null, "Password reset email never arrives", "I asked for a password reset twice and no email came.", ["email:sam@example.com"]),
      conversation("b", null, null, "Still no password reset email, checked spam too", ["email:sam@example.com"]),
      conversation("c", null, null, "Password reset email never arrives for me either", ["email:someone-else@example.com"]),
    ]);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.conversationIds).toEqual(["a", "b"]);
    expect(proposals[0]!.reason).toMatch(/^Same customer/);
  });

  it("answers from an index that grows and shrinks with the inbox", () => {
    const index = new MergeIndex();
    for (const document of weekend.slice(1)) index.add(document);
    expect(index.matches(weekend[0]!)[0]?.id).toMatch(/^c-[23]$/);
    index.remove("c-2");
    index.remove("c-3");
    expect(index.matches(weekend[0]!, { minSimilarity: MERGE_THRESHOLD })).toEqual([]);
    expect(index.size).toBe(2);
  });

  it("states confidence on a 0 to 1 scale that rises with similarity", () => {
    expect(mergeConfidence(MERGE_THRESHOLD)).toBe(0.5);
    expect(mergeConfidence(0.9)).toBeGreaterThan(0.95);
    expect(mergeConfidence(0.1)).toBeLessThan(0.25);
  });
});
