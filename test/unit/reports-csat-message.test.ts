import { describe, expect, it } from "vitest";
import { CsatCommentSchema, CsatScoreParamSchema, CsatTokenSchema, csatScoreLabel } from "../../db/csat";
import { newCsatToken } from "../../db/csat.server";
import { buildCsatMessageText, csatLinks } from "../../server/inbox/csat.server";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWx";

describe("csatLinks", () => {
  it("gives one link per score, best first, under /csat/<token>", () => {
    expect(csatLinks("https://support.example", TOKEN)).toEqual([
      { score: 5, label: "Excellent", url: `https://support.example/csat/${TOKEN}?score=5` },
      { score: 4, label: "Good", url: `https://support.example/csat/${TOKEN}?score=4` },
      { score: 3, label: "Okay", url: `https://support.example/csat/${TOKEN}?score=3` },
      { score: 2, label: "Poor", url: `https://support.example/csat/${TOKEN}?score=2` },
      { score: 1, label: "Very poor", url: `https://support.example/csat/${TOKEN}?score=1` },
    ]);
  });

  it("does not double the slash after a base URL that ends in one", () => {
    expect(csatLinks("http://localhost:3000/", TOKEN)[0]!.url).toBe(`http://localhost:3000/csat/${TOKEN}?score=5`);
  });
});

describe("buildCsatMessageText", () => {
  const base = { baseUrl: "https://support.example", token: TOKEN, workspaceName: "Brightpath Support" };

  it("writes an email with a greeting, the subject, the five links and a sign-off", () => {
    const text = buildCsatMessageText({
      ...base,
      channel: "email",
      contactName: "Laura Kessler",
      subject: "Duplicate opportunities",
    });
    expect(text).toMatch(/^Hi Laura,\n\n/);
    expect(text).toContain('closed your conversation about "Duplicate opportunities"');
    for (const score of [1, 2, 3, 4, 5]) {
      expect(text).toContain(
        `${score} – ${csatScoreLabel(score)}: https://support.example/csat/${TOKEN}?score=${score}`
      );
    }
    expect(text).toMatch(/Thank you,\nBrightpath Support$/);
  });

  it("greets without a name when the contact has none", () => {
    expect(buildCsatMessageText({ ...base, channel: "email", contactName: null })).toMatch(/^Hi,\n\n/);
  });

  it("keeps chat and Slack short: a prompt and the five links", () => {
    for (const channel of ["chat", "slack"] as const) {
      const lines = buildCsatMessageText({ ...base, channel }).split("\n");
      expect(lines).toHaveLength(6);
      expect(lines[0]).toBe("Thanks for contacting Brightpath Support! How did we do? Tap a score:");
      expect(lines[1]).toBe(`5 Excellent: https://support.example/csat/${TOKEN}?score=5`);
      expect(lines[5]).toBe(`1 Very poor: https://support.example/csat/${TOKEN}?score=1`);
    }
  });
});

describe("CSAT input rules", () => {
  it("makes url-safe tokens that pass its own check", () => {
    const tokens = new Set(Array.from({ length: 50 }, newCsatToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(CsatTokenSchema.safeParse(token).success).toBe(true);
    }
  });

  it("refuses tokens that are too short, too long or not url-safe", () => {
    for (const token of [
      "short",
      "x".repeat(65),
      "has space in it ok ok",
      "slash/inside/the/token",
      "dots.in.the.token.x",
    ]) {
      expect(CsatTokenSchema.safeParse(token).success).toBe(false);
    }
  });

  it("takes a score only as a single digit from 1 to 5", () => {
    for (const [raw, score] of [
      ["1", 1],
      ["5", 5],
    ] as const)
      expect(CsatScoreParamSchema.parse(raw)).toBe(score);
    for (const raw of ["0", "6", "", " 3", "3.0", "03", "0x3", "three", "-1"]) {
      expect(CsatScoreParamSchema.safeParse(raw).success).toBe(false);
    }
  });

  it("trims comments and refuses empty or overlong ones", () => {
    expect(CsatCommentSchema.parse("  great help  ")).toBe("great help");
    expect(CsatCommentSchema.safeParse("   ").success).toBe(false);
    expect(CsatCommentSchema.safeParse("x".repeat(2_001)).success).toBe(false);
  });
});
