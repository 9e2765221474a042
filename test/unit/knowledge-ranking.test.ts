import { describe, expect, it } from "vitest";
import { RELEVANT_KNOWLEDGE, rankKnowledge } from "../../ai/knowledge";
import { BRIGHTPATH_KNOWLEDGE } from "../../db/seed/brightpath-knowledge";

const knowledge = BRIGHTPATH_KNOWLEDGE.map((snippet, i) => ({ id: `kb-${i + 1}`, ...snippet }));
const best = (text: string) => rankKnowledge(knowledge, text)[0];
const relevant = (text: string) => rankKnowledge(knowledge, text).filter((entry) => entry.score >= RELEVANT_KNOWLEDGE).map((entry) => entry.snippet.title);

describe("choosing the knowledge a draft may use", () => {
  it("finds the snippet about the customer's problem, however they word it", () => {
    expect(best("are scheduled exports broken?? nothing new in the S3 folder since thursday")?.snippet.title).toMatch(/scheduled S3 exports/);
    expect(best("the reset link says it has expired even on the newest one")?.snippet.title).toBe("Password reset links");
    expect(best("Our admin has left the company and nobody can manage users. Our CEO can confirm by email.")?.snippet.title).toMatch(/admin role/);
    expect(relevant("Brightpath says recipients must belong to an allowed domain when I add a client to a scheduled report")).toEqual([
      "Scheduled report recipients and allowed domains",
    ]);
  });

  it("offers nothing for a question no snippet answers, even when it shares the product's words", () => {
    expect(relevant("Feature request: conditional formatting in Brightpath table widgets, so cells turn red under a threshold.")).toEqual([]);
    expect(relevant("Hallo, when I open the CSV in Excel the umlauts are broken.")).toEqual([]);
  });

  it("weighs a word by how rare it is among the snippets: one they all share tells them apart by nothing", () => {
    const same = [
      { id: "kb-a", title: "Brightpath exports", text: "Brightpath exports run nightly." },
      { id: "kb-b", title: "Brightpath invoices", text: "Brightpath invoices post monthly." },
    ];
    const [first, second] = rankKnowledge(same, "Brightpath");
    expect(first!.score).toBeCloseTo(second!.score, 10);
    const ranked = rankKnowledge(same, "my Brightpath invoice");
    expect(ranked[0]!.snippet.id).toBe("kb-b");
    expect(ranked[0]!.score).toBeGreaterThan(2 * ranked[1]!.score);
  });

  it("counts a title's words twice: the team's name for what a snippet is about", () => {
    const twins = [
      { id: "kb-title", title: "Seats", text: "How billing counts users." },
      { id: "kb-body", title: "Billing", text: "How seats count users." },
    ];
    expect(rankKnowledge(twins, "seats").map((entry) => entry.snippet.id)).toEqual(["kb-title", "kb-body"]);
  });
});
