import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection.server";
import { findConversation } from "../../db/conversations.server";
import { createCsatSurvey, findSurveyByToken, recordCsatComment, recordCsatScore } from "../../db/csat.server";
import { conversations, csatSurveys } from "../../db/schema";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { seedDemoWorkspace } from "../../server/demo-seed.server";
import { seedDemoCsat, sendCsatSurvey } from "../../server/inbox/csat.server";
import { startTestServer, type TestServer } from "../support/server";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

let server: TestServer;
let workspaceId: number;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  // Starting the server may rebuild the web app first.
}, 180_000);
afterAll(() => server.close());

/** A new survey on a demo conversation, as a close would send it. */
function newSurvey(publicId = "c-1002") {
  const conversation = findConversation(server.db, workspaceId, publicId)!;
  return createCsatSurvey(server.db, { workspaceId, conversationId: conversation.id, sentAt: new Date() });
}

const surveyRow = (token: string) => server.db.select().from(csatSurveys).where(eq(csatSurveys.token, token)).get()!;

/** What a customer's browser does: no session cookie, a browser's User-Agent. */
function open(url: string, init: RequestInit = {}) {
  const target = url.startsWith("http") ? url : `${server.url}${url}`;
  return fetch(target, { redirect: "manual", ...init, headers: { "User-Agent": BROWSER, ...init.headers } });
}

function post(token: string, fields: Record<string, string>) {
  return open(`/csat/${token}`, { method: "POST", body: new URLSearchParams(fields) });
}

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

describe("sendCsatSurvey", () => {
  it("creates a survey for the conversation and writes the message with five one-click links", () => {
    const result = sendCsatSurvey({ db: server.db, baseUrl: server.url }, workspaceId, "c-1001");
    if (result.status === "not_found") throw new Error("c-1001 should exist in the demo");
    expect(result.status).toBe("created");
    expect(result.channel).toBe("email");
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(result.links.map((link) => link.url)).toEqual(
      [5, 4, 3, 2, 1].map((score) => `${server.url}/csat/${result.token}?score=${score}`)
    );
    for (const link of result.links) expect(result.text).toContain(link.url);
    expect(result.text).toMatch(/^Hi Mike,/);
    expect(result.text).toContain('"Dates in CSV exports"');

    const stored = surveyRow(result.token);
    expect(stored).toMatchObject({ workspaceId, score: null, comment: null, respondedAt: null });
    expect(stored.conversationId).toBe(findConversation(server.db, workspaceId, "c-1001")!.id);
  });

  it("sends the same survey again rather than a second one while it is unanswered", () => {
    const deps = { db: server.db, baseUrl: server.url };
    const first = sendCsatSurvey(deps, workspaceId, "c-1003");
    const again = sendCsatSurvey(deps, workspaceId, "c-1003");
    if (first.status === "not_found" || again.status === "not_found") throw new Error("c-1003 should exist");
    expect(again.status).toBe("existing");
    expect(again.token).toBe(first.token);
    // Once answered, the next close asks again.
    recordCsatScore(server.db, first.token, 5);
    const next = sendCsatSurvey(deps, workspaceId, "c-1003");
    if (next.status === "not_found") throw new Error("c-1003 should exist");
    expect(next.status).toBe("created");
    expect(next.token).not.toBe(first.token);
  });

  it("writes a short message for chat and Slack", () => {
    const result = sendCsatSurvey({ db: server.db, baseUrl: `${server.url}/` }, workspaceId, "c-1009");
    if (result.status === "not_found") throw new Error("c-1009 should exist");
    expect(result.channel).toBe("chat");
    expect(result.text.split("\n")).toHaveLength(6);
    expect(result.text).toContain(`${server.url}/csat/${result.token}?score=5`);
  });

  it("finds nothing for an unknown conversation or one in another workspace", () => {
    const deps = { db: server.db, baseUrl: server.url };
    expect(sendCsatSurvey(deps, workspaceId, "c-999999")).toEqual({ status: "not_found" });
    const other = createWorkspace(server.db, { slug: "csat-other", name: "Other" });
    expect(sendCsatSurvey(deps, other.id, "c-1001")).toEqual({ status: "not_found" });
  });
});

describe("the one-click rating page", () => {
  it("records the score from the link, without a session, and thanks the customer", async () => {
    const survey = newSurvey();
    const response = await open(`/csat/${survey.token}?score=4`);
    expect(response.status).toBe(200);
    const html = text(await response.text());
    expect(html).toContain("Thank you!");
    expect(html).toContain("You rated us 4 – Good.");
    expect(html).toContain("Brightpath Support");
    const stored = surveyRow(survey.token);
    expect(stored.score).toBe(4);
    expect(stored.respondedAt).toBeInstanceOf(Date);
  });

  it("keeps the first answer: a later click changes nothing and says the rating is already recorded", async () => {
    const survey = newSurvey();
    await open(`/csat/${survey.token}?score=2`);
    const respondedAt = surveyRow(survey.token).respondedAt;
    const again = await open(`/csat/${survey.token}?score=5`);
    expect(again.status).toBe(200);
    const html = text(await again.text());
    expect(html).toContain("Your rating is already recorded");
    expect(html).toContain("You rated us 2 – Poor. Only the first answer counts");
    expect(surveyRow(survey.token)).toMatchObject({ score: 2, respondedAt });
  });

  it("shows the five choices when opened without a score", async () => {
    const survey = newSurvey();
    const html = text(await (await open(`/csat/${survey.token}`)).text());
    expect(html).toContain("How did we do?");
    for (const score of [1, 2, 3, 4, 5]) expect(html).toContain(`href="?score=${score}"`);
    expect(surveyRow(survey.token).score).toBeNull();
  });

  it("does not let link scanners and HEAD requests answer: they get a button a person presses", async () => {
    const survey = newSurvey();
    const scanned = await fetch(`${server.url}/csat/${survey.token}?score=1`, {
      headers: { "User-Agent": "curl/8.5.0" },
    });
    expect(scanned.status).toBe(200);
    expect(text(await scanned.text())).toContain("Please confirm your rating.");
    const head = await open(`/csat/${survey.token}?score=1`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(surveyRow(survey.token).score).toBeNull();

    const confirmed = await post(survey.token, { intent: "score", score: "3" });
    expect(confirmed.status).toBe(200);
    expect(text(await confirmed.text())).toContain("You rated us 3 – Okay.");
    expect(surveyRow(survey.token).score).toBe(3);
  });

  it("takes one optional comment after the score", async () => {
    const survey = newSurvey();
    await open(`/csat/${survey.token}?score=5`);
    const response = await post(survey.token, { intent: "comment", comment: "  Quick and friendly, thanks!  " });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Thanks for your comment.");
    expect(surveyRow(survey.token).comment).toBe("Quick and friendly, thanks!");

    const second = await post(survey.token, { intent: "comment", comment: "Changed my mind" });
    expect(second.status).toBe(200);
    expect(await second.text()).toContain("Your comment is recorded.");
    expect(surveyRow(survey.token).comment).toBe("Quick and friendly, thanks!");
  });

  it("refuses an empty comment, and a comment before any score", async () => {
    const survey = newSurvey();
    expect((await post(survey.token, { intent: "comment", comment: "Hello" })).status).toBe(400);
    await open(`/csat/${survey.token}?score=4`);
    const empty = await post(survey.token, { intent: "comment", comment: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a comment of up to 2000 characters.");
    expect(surveyRow(survey.token).comment).toBeNull();
  });

  it("answers 404 for a token that does not exist or is malformed, with no way into the app", async () => {
    for (const token of ["AAAAAAAAAAAAAAAAAAAAAAAA", "short", "bad%20token%20here%20x"]) {
      for (const query of ["", "?score=3"]) {
        const response = await open(`/csat/${token}${query}`);
        expect(response.status).toBe(404);
        const html = await response.text();
        expect(html).toContain("This rating link is not valid.");
        expect(html).not.toContain("Back to the inbox");
        expect(html).not.toMatch(/SqliteError|ZodError|at .+\.ts:\d+/);
      }
    }
    expect((await post("AAAAAAAAAAAAAAAAAAAAAAAA", { intent: "score", score: "3" })).status).toBe(404);
  });

  it("answers 400 for a score that is not a whole number from 1 to 5, recording nothing", async () => {
    const survey = newSurvey();
    for (const score of ["0", "6", "abc", "2.5", "", "03", "-1", "3%20"]) {
      const response = await open(`/csat/${survey.token}?score=${score}`);
      expect(response.status, `score=${score}`).toBe(400);
      expect(await response.text()).toContain("a score is a whole number from 1 to 5");
    }
    expect((await post(survey.token, { intent: "score", score: "9" })).status).toBe(400);
    expect(surveyRow(survey.token).score).toBeNull();
  });

  it("keeps the token out of referrers, caches and search engines", async () => {
    const survey = newSurvey();
    const response = await open(`/csat/${survey.token}`);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain('<meta name="robots" content="noindex, nofollow"/>');
  });
});

describe("recordCsatScore", () => {
  it("lets exactly one of two racing answers win", () => {
    const survey = newSurvey();
    const results = [recordCsatScore(server.db, survey.token, 1), recordCsatScore(server.db, survey.token, 5)];
    expect(results).toEqual([
      { status: "recorded", score: 1 },
      { status: "already_recorded", score: 1 },
    ]);
    expect(findSurveyByToken(server.db, survey.token)?.score).toBe(1);
  });

  it("refuses scores outside 1–5 and finds nothing for an unknown token", () => {
    const survey = newSurvey();
    expect(() => recordCsatScore(server.db, survey.token, 0)).toThrow(RangeError);
    expect(() => recordCsatScore(server.db, survey.token, 4.5)).toThrow(RangeError);
    expect(recordCsatScore(server.db, "ZZZZZZZZZZZZZZZZZZZZZZZZ", 3)).toEqual({ status: "not_found" });
    expect(recordCsatComment(server.db, "ZZZZZZZZZZZZZZZZZZZZZZZZ", "hi")).toEqual({ status: "not_found" });
  });
});

describe("seedDemoCsat", () => {
  it("answers the demo's closed conversations deterministically: mostly 4s and 5s, one 2, two unanswered", async () => {
    const db = openDatabase(":memory:");
    const now = new Date();
    const demo = await seedDemoWorkspace(db, now);
    // The seed already answered them; seeding again adds nothing.
    expect(seedDemoCsat(db, demo.workspace.id, now)).toEqual({ sent: 0, answered: 0 });

    const rows = db
      .select({ publicId: conversations.publicId, closedAt: conversations.closedAt, survey: csatSurveys })
      .from(csatSurveys)
      .innerJoin(conversations, eq(conversations.id, csatSurveys.conversationId))
      .orderBy(asc(conversations.closedAt))
      .all();
    const scores = rows.map((row) => row.survey.score);
    expect(scores).toEqual([5, 4, 5, 5, 4, 4, 5, null, 5, 4, 3, 5, null, 2, 5]);
    expect(rows.find((row) => row.survey.score === 2)?.publicId).toBe("c-1014");
    for (const { closedAt, survey } of rows) {
      expect(survey.sentAt.getTime()).toBe(closedAt!.getTime() + 2 * 60_000);
      if (survey.respondedAt) {
        expect(survey.respondedAt.getTime()).toBeGreaterThan(survey.sentAt.getTime());
        expect(survey.respondedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      }
    }
    expect(rows.filter((row) => row.survey.comment !== null)).toHaveLength(4);

    // Idempotent: a second run finds every closed conversation already surveyed.
    expect(seedDemoCsat(db, demo.workspace.id, now)).toEqual({ sent: 0, answered: 0 });
    db.$client.close();
  });
});
