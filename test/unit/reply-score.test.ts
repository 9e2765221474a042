import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { forbiddenPromises, sentenceSpans, stemsOf, unsupportedSpecifics } from "../../ai/local/reply-claims";
import { scoreReplyLocally } from "../../ai/local/score-reply";
import { ReplyScoreSchema, type CriterionScore } from "../../ai/tasks";
import { InterchangeConversationSchema, parseConversationLines, type InterchangeConversation } from "../../db/interchange";
import { CRITERION_IDS, overallScore, RECOVERY_RUBRIC, type CriterionId, type CriterionScores } from "../../evals/rubric";

const kinds = (reply: string, sources = "") => forbiddenPromises(reply, stemsOf(sources)).map((claim) => claim.kind);

describe("what a reply promises", () => {
  it("finds money granted by the rep, but not a request passed to the person who decides", () => {
    expect(kinds("To make up for it, I've added a month of free service to your account.")).toEqual(["money_granted"]);
    expect(kinds("I've gone ahead and refunded this month's subscription in full.")).toEqual(["money_granted"]);
    expect(kinds("A refund isn't mine to decide, so I've passed your request to our billing team.")).toEqual([]);
    expect(kinds("About getting money back: that isn't mine to decide, so I'm passing your request to the person who can.")).toEqual([]);
  });

  it("finds dates promised for a fix or a feature, but not the time of the rep's next update", () => {
    expect(kinds("Skill-based scheduling is coming in our April release.")).toEqual(["fix_date"]);
    expect(kinds("The fix will be deployed tomorrow.")).toEqual(["fix_date"]);
    expect(kinds("Next step: I'll update you by 15:00 UTC today, whether or not it's fixed by then.")).toEqual([]);
    expect(kinds("Engineering is testing a fix, but there is no release date yet.")).toEqual([]);
  });

  it("finds guarantees and causes nobody stated, and leaves disowned or supported ones alone", () => {
    expect(kinds("It will never happen again.")).toEqual(["guarantee"]);
    expect(kinds("I can't promise it will never happen again.")).toEqual([]);
    const thread = "Schedule pages did not load after a database failover in the EU region.";
    expect(kinds("The cause was a database failover in the EU region.", thread)).toEqual([]);
    expect(kinds("This happened because Okta's API was rate-limiting us.", thread)).toEqual(["invented_cause"]);
    expect(kinds("I don't know the cause yet, and I won't guess.", thread)).toEqual([]);
  });

  it("lists the numbers, codes and addresses no source mentions, but not the times the rep commits to", () => {
    const sentences = sentenceSpans("It failed 3 times with ERR_SYNC_LOST. Write to billing@vendor.example about it. I'll update you by 16:00 UTC today.");
    expect(unsupportedSpecifics(sentences, "Our sync failed three times with ERR_SYNC_LOST.")).toEqual(["billing@vendor.example"]);
  });

  it("splits sentences as verbatim slices of the text", () => {
    const text = "Hi Dana,\n\nI'm sorry: the export failed.  It's on us!\nBest,\nSam";
    for (const span of sentenceSpans(text)) expect(text.slice(span.start, span.start + span.text.length)).toBe(span.text);
    expect(sentenceSpans(text).map((span) => span.text)).toEqual(["Hi Dana,", "I'm sorry: the export failed.", "It's on us!", "Best,", "Sam"]);
  });
});

const handScored = parseConversationLines(readFileSync("evals/datasets/hand-scored.jsonl", "utf8")).records;
const { snippets: knowledge } = JSON.parse(readFileSync("evals/datasets/knowledge.json", "utf8")) as { snippets: { id: string; title: string; text: string }[] };
const scored = (conversation: InterchangeConversation) => scoreReplyLocally({ rubric: RECOVERY_RUBRIC, conversation, knowledge });
const overall = (conversation: InterchangeConversation) =>
  overallScore(RECOVERY_RUBRIC, Object.fromEntries(scored(conversation).scores.map((score) => [score.criterion, score.score])) as CriterionScores)!;

describe("the local rubric pre-scorer", () => {
  it("scores every criterion once, with evidence copied verbatim from the reply under review or the customer", () => {
    expect(handScored.length).toBeGreaterThan(20);
    for (const conversation of handScored) {
      const result = ReplyScoreSchema.parse(scored(conversation));
      for (const { evidence } of result.scores) {
        for (const { messageIndex, quote } of evidence) {
          const message = conversation.messages[messageIndex]!;
          expect(message.author === "customer" || messageIndex === conversation.messages.length - 1).toBe(true);
          expect(message.text).toContain(quote);
        }
      }
    }
  });

  it("scores a recovery reply above a scripted brush-off of the same failure, and marks money granted down", () => {
    const base = {
      id: "c-1",
      channel: "email",
      createdAt: "2026-03-10T08:00:00Z",
      account: { id: "acme", plan: "enterprise" },
      contact: { name: "Dana Ruiz" },
    };
    const thread = (reply: string) =>
      InterchangeConversationSchema.parse({
        ...base,
        messages: [
          { author: "customer", text: "Our nightly export to S3 has failed since Friday with AccessDenied. Our finance team needs the files by Monday.", at: "2026-03-10T08:00:00Z" },
          { author: "agent", text: reply, at: "2026-03-10T08:30:00Z" },
        ],
      });
    const recovery = thread(
      "Hi Dana,\n\nI'm sorry: your nightly S3 export has failed since Friday with AccessDenied, and finance needs the files by Monday. That's on us.\n\nI'll update you by 15:00 UTC today, and once it's fixed I'll send you a short written account of what happened.\n\nSam",
    );
    const brushOff = thread("Hello,\n\nThank you for contacting us. We apologize for any inconvenience. We will look into it.\n\nKind regards,\nSupport");
    const generous = thread("Hi Dana,\n\nI'm sorry your export failed since Friday. I've refunded this month in full.\n\nSam");
    expect(overall(recovery)).toBeGreaterThan(4);
    expect(overall(brushOff)).toBeLessThan(2.5);
    const money = scored(generous).scores.find((score) => score.criterion === "recovery_offer")!;
    expect(money.score).toBe(1);
    expect(money.evidence[0]!.quote).toBe("I've refunded this month in full.");
  });

  const thread = (texts: [author: "customer" | "agent", text: string][], plan = "growth") =>
    InterchangeConversationSchema.parse({
      id: "c-t",
      channel: "email",
      createdAt: "2026-11-16T09:00:00Z",
      account: { id: "acme", plan },
      messages: texts.map(([author, text], index) => ({ author, text, at: `2026-11-16T${String(9 + index).padStart(2, "0")}:00:00Z` })),
    });
  const scoresOf = (conversation: InterchangeConversation, knowledge: { id: string; title: string; text: string }[] = []) => {
    const { scores } = scoreReplyLocally({ rubric: RECOVERY_RUBRIC, conversation, knowledge });
    return Object.fromEntries(CRITERION_IDS.map((id) => [id, scores.find((score) => score.criterion === id)!])) as Record<CriterionId, CriterionScore>;
  };

  it("does not ask a settled thread for a next step with a time", () => {
    const scores = scoresOf(
      thread([
        ["customer", "Our Payroll CSV export has been missing the overtime column since Friday."],
        ["agent", "Hi Jo,\n\nI'm sorry, that's on us: Friday's release dropped the overtime column from the Payroll CSV export. I've restored it, and the export is complete again.\n\nBest,\nKim"],
        ["customer", "Perfect, it's there now. Thanks!"],
        ["agent", "Glad it's sorted. Closing this one.\n\nKim"],
      ]),
    );
    expect(scores.next_step.score).toBe(4);
    expect(scores.next_step.reason).toMatch(/confirmed it works/);
  });

  it("counts a request done as resolved, and a meeting booked at an hour as a next step with a time", () => {
    const scores = scoresOf(
      thread([
        ["customer", "Could we book a training session for our four schedulers? Mornings work best for us."],
        ["agent", "Hi Jo,\n\nLovely to hear from you! I've sent a calendar invite for Wednesday at 10:00 (45 minutes) for all four schedulers.\n\nBest,\nKim"],
      ]),
    );
    expect(scores.resolves_or_routes.score).toBe(5);
    expect(scores.next_step.score).toBe(5);
    expect(scores.grounded.score).toBe(5);
    expect(scores.tone.score).toBe(5);
  });

  it("grounds the customer's own figures, and reads what went wrong however it is worded", () => {
    const scores = scoresOf(
      thread([
        ["customer", "Our 06:00 payroll files haven't landed, 2.5 hours late, and the overtime total is doubled to $41,300 again."],
        ["agent", "Hi Jo,\n\nI'm sorry: your 06:00 payroll files are 2.5 hours late and the overtime total shows $41,300, double what it should be. That's on us. I'll update you by 11:00 UTC today.\n\nBest,\nKim"],
      ]),
    );
    expect(scores.grounded.score).toBe(5);
    expect(scores.takes_ownership.reason).not.toMatch(/Nothing went wrong/);
    expect(scores.takes_ownership.score).toBe(5);
  });

  it("marks down a place, or a change by another team, that nothing supports", () => {
    const question = "Where is our workspace data stored, and are backups kept in the EU?";
    const location = [{ id: "kb-eu", title: "Data location", text: "EU workspaces are stored in Frankfurt, with backups in the same region." }];
    const right = scoresOf(thread([["customer", question], ["agent", "Hi Jo,\n\nYour workspace is stored in Frankfurt, with backups in the same region.\n\nBest,\nKim"]]), location);
    const wrong = scoresOf(
      thread([
        ["customer", question],
        ["agent", "Hi Jo,\n\nYour workspace is stored in Frankfurt, with backups in Dublin. The platform team has added a second copy for your workspace.\n\nBest,\nKim"],
      ]),
      location,
    );
    expect(right.grounded.score).toBe(5);
    expect(wrong.grounded.score).toBeLessThanOrEqual(3);
    expect(wrong.grounded.reason).toMatch(/dublin/i);
    expect(wrong.grounded.reason).toMatch(/a change reported that nothing confirms/);
  });

  it("does not hold a setup problem the customer fixed on the reply's advice against the team", () => {
    const scores = scoresOf(
      thread([
        ["customer", "Our ADP connection shows \"Authentication failed\" since yesterday."],
        ["agent", "Hi Jo,\n\nThat happens when the password of the ADP user who connected it changes. Could you reconnect under Integrations, ADP?\n\nBest,\nKim"],
        ["customer", "Reconnected, everything is back. Thanks!"],
        ["agent", "Great, thanks for confirming.\n\nKim"],
      ]),
    );
    expect(scores.takes_ownership.score).toBe(5);
    expect(scores.recovery_offer.score).toBe(5);
    expect(scores.resolves_or_routes.score).toBe(5);
  });

  it("refuses to score a customer's message or a thread without a reply", () => {
    const conversation = handScored[0]!;
    expect(() => scoreReplyLocally({ rubric: RECOVERY_RUBRIC, conversation, replyIndexes: [0] })).toThrow(/not an agent reply/);
    expect(() => scoreReplyLocally({ rubric: RECOVERY_RUBRIC, conversation: { ...conversation, messages: conversation.messages.slice(0, 1) } })).toThrow(/no agent reply/);
  });
});
