import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAiOutput, recordDraftReview } from "../../db/ai-outputs.server";
import { findConversation } from "../../db/conversations.server";
import { weekParam } from "../../db/quality-review";
import { currentRubric, listWeekReviews } from "../../db/quality-reviews.server";
import { WEEK_MS, weekStartUtc } from "../../db/report-math";
import { conversations, csatSurveys, messages, qualityReviews, slaEvents } from "../../db/schema";
import { mondayMorningAnchor } from "../../db/seed/monday-morning";
import { createUser, findUserByEmail } from "../../db/users.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { hashPassword } from "../../server/auth/password.server";
import { CRITERION_IDS, RECOVERY_RUBRIC } from "../../evals/rubric";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let maya: string;
let ana: string;
let admin: string;
/** Two weeks before the demo's Monday: a week with no demo replies in it, filled by the test. */
const weekStart = weekStartUtc(mondayMorningAnchor(new Date())) - 2 * WEEK_MS;
const week = weekParam(weekStart);
const ANA_CONVERSATIONS = ["c-1001", "c-1002", "c-1003", "c-1004", "c-1005", "c-1006"];

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server;
  workspaceId = findWorkspaceBySlug(db, "demo")!.id;
  const anaId = findUserByEmail(db, "ana@demo.example")!.id;
  createUser(db, { workspaceId, email: "ada@demo.example", name: "Ada Admin", role: "admin", passwordHash: await hashPassword("tandem-demo") });
  // Ana answered six conversations that week; three of them went badly in different ways, one was AI-drafted.
  ANA_CONVERSATIONS.forEach((publicId, i) => {
    const conversation = findConversation(db, workspaceId, publicId)!;
    db.insert(messages)
      .values({ workspaceId, conversationId: conversation.id, authorKind: "agent", authorUserId: anaId, direction: "outbound", text: `Reply ${i} from Ana.`, sentAt: new Date(weekStart + DAY * (i % 5) + HOUR * 10) })
      .run();
  });
  const id = (publicId: string) => findConversation(db, workspaceId, publicId)!.id;
  db.insert(csatSurveys).values({ workspaceId, conversationId: id("c-1001"), token: "quality-review-test-token-1", sentAt: new Date(weekStart), score: 1 }).run();
  db.insert(slaEvents).values({ workspaceId, conversationId: id("c-1002"), target: "first_response", kind: "breach", dueAt: new Date(weekStart), at: new Date(weekStart) }).run();
  db.update(conversations).set({ reopenCount: 1 }).where(eq(conversations.id, id("c-1003"))).run();
  const drafted = recordAiOutput(db, { workspaceId, task: "draft", conversationId: id("c-1004"), provider: "local", model: "tandem-local-1", promptVersion: "draft-reply@v1", output: { draft: "Drafted." } });
  recordDraftReview(db, { workspaceId, aiOutputId: drafted, userId: anaId, drafted: "Drafted.", sent: "Drafted, edited." });
  [maya, ana, admin] = await Promise.all([
    signIn(server.url, "maya@demo.example"),
    signIn(server.url, "ana@demo.example"),
    signIn(server.url, "ada@demo.example"),
  ]);
});
afterAll(() => server.close());

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  fetch(`${server.url}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie }, redirect: "manual" });
const queue = () => listWeekReviews(server.db, workspaceId, weekStart);
const allScores = (score: (id: string, i: number) => number) => Object.fromEntries(CRITERION_IDS.map((id, i) => [`score.${id}`, String(score(id, i))]));

describe("the weekly quality review", () => {
  it("samples each rep's week with the hard cases first", async () => {
    const built = await post(`/review?week=${week}`, { perRep: "4" }, maya);
    expect(built.status).toBe(200);
    const anas = queue().filter((review) => review.repName === "Ana Lima");
    expect(anas).toHaveLength(4);
    const reasonsOf = (publicId: string) => anas.find((review) => review.conversationId === publicId)?.reasons;
    expect(reasonsOf("c-1001")).toContain("low_csat");
    expect(reasonsOf("c-1002")).toContain("sla_breach");
    expect(reasonsOf("c-1003")).toContain("reopened");
    expect(reasonsOf("c-1004")).toContain("ai_drafted");
    expect(anas.find((review) => review.conversationId === "c-1004")?.aiDrafted).toBe(true);

    const page = await get(`/review?week=${week}`, maya);
    const html = await page.text();
    expect(html).toContain(`0 of ${queue().length} scored`);
    expect(html).toContain("Low CSAT");
  });

  it("keeps reps out, and a bad sample size loses nothing", async () => {
    expect((await get(`/review?week=${week}`, ana)).status).toBe(403);
    expect((await post(`/review?week=${week}`, { perRep: "4" }, ana)).status).toBe(403);
    const before = queue().length;
    const refused = await post(`/review?week=${week}`, { perRep: "0" }, maya);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Review at least one conversation per rep");
    expect(queue()).toHaveLength(before);
  });

  it("opens a review with the AI pre-score and its evidence, and keeps that pre-score", async () => {
    const review = queue().find((candidate) => candidate.conversationId === "c-1001")!;
    const page = await get(`/review/${review.id}`, maya);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Reply 0 from Ana.");
    expect(html).toContain("AI: ");
    const stored = queue().find((candidate) => candidate.id === review.id)!.preScore as { scores: { criterion: string; evidence: { quote: string }[] }[] };
    expect(stored.scores.map((score) => score.criterion)).toEqual(RECOVERY_RUBRIC.criteria.map((criterion) => criterion.id));
    await get(`/review/${review.id}`, maya);
    expect(queue().find((candidate) => candidate.id === review.id)!.preScore).toEqual(stored);
    // The next review left is pre-scored while the manager reads this one.
    const next = queue().find((candidate) => candidate.id !== review.id && candidate.scoredAt === null)!;
    await expect.poll(() => queue().find((candidate) => candidate.id === next.id)!.preScore).not.toBeNull();
  });

  it("stores a manager's scores with the weighted overall, and goes on to the next", async () => {
    const [first, second] = queue().filter((review) => review.scoredAt === null);
    const saved = await post(`/review/${first!.id}`, { ...allScores((_, i) => (i % 2 ? 5 : 3)), coachingNote: "Name the failure first." }, maya);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/review/${second!.id}`);
    const scored = queue().find((review) => review.id === first!.id)!;
    const weights = RECOVERY_RUBRIC.criteria.map((criterion) => criterion.weight);
    const expected = RECOVERY_RUBRIC.criteria.reduce((sum, criterion, i) => sum + criterion.weight * (i % 2 ? 5 : 3), 0) / weights.reduce((a, b) => a + b, 0);
    expect(scored.overall).toBeCloseTo(expected, 6);
    expect(scored.coachingNote).toBe("Name the failure first.");
    expect(scored.rubricVersion).toBe(1);
  });

  it("refuses scores that are missing or off the scale, and stores nothing", async () => {
    const open = queue().find((review) => review.scoredAt === null)!;
    const missing = await post(`/review/${open.id}`, { ...allScores(() => 4), [`score.${CRITERION_IDS[2]}`]: "" }, maya);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Give this criterion a score");
    const offScale = await post(`/review/${open.id}`, allScores(() => 7), maya);
    expect(offScale.status).toBe(400);
    expect(queue().find((review) => review.id === open.id)!.scoredAt).toBeNull();
  });

  it("keeps other workspaces' reviews out of reach", async () => {
    const other = createWorkspace(server.db, { slug: "elsewhere", name: "Elsewhere" });
    const review = queue()[0]!;
    server.db.update(qualityReviews).set({ workspaceId: other.id }).where(eq(qualityReviews.id, review.id)).run();
    try {
      expect((await get(`/review/${review.id}`, maya)).status).toBe(404);
      expect((await post(`/review/${review.id}`, allScores(() => 4), maya)).status).toBe(404);
    } finally {
      server.db.update(qualityReviews).set({ workspaceId }).where(eq(qualityReviews.id, review.id)).run();
    }
  });

  it("shows results per rep and criterion, calibration, and exports them as CSV", async () => {
    // Score the rest, so calibration has pairs.
    for (const review of queue().filter((candidate) => candidate.scoredAt === null)) {
      await get(`/review/${review.id}`, maya);
      expect((await post(`/review/${review.id}`, allScores(() => 4), maya)).status).toBe(302);
    }
    const results = await get(`/review/results?week=${week}`, maya);
    expect(results.status).toBe(200);
    const html = await results.text();
    expect(html).toContain("Ana Lima");
    expect(html).toContain("Calibration");
    expect(html).toContain("AI-drafted against human-written");

    const csv = await get(`/review/results.csv?week=${week}`, maya);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const [header, ...rows] = (await csv.text()).trim().split("\r\n");
    expect(header).toContain("ai_acknowledges_failure");
    // The CSV covers eight weeks (the demo's history included): this week's rows are the queue's.
    expect(rows.filter((row) => row.startsWith(`${week},`)).length).toBe(queue().length);
    expect(rows.some((row) => row.includes("Name the failure first."))).toBe(true);
    expect((await get(`/review/results.csv?week=${week}`, ana)).status).toBe(403);
  });

  it("lets admins change the rubric as a new version, and old scores keep theirs", async () => {
    const fields: Record<string, string> = {};
    for (const criterion of RECOVERY_RUBRIC.criteria) {
      fields[`${criterion.id}.title`] = criterion.title;
      fields[`${criterion.id}.question`] = criterion.question;
      fields[`${criterion.id}.anchor1`] = criterion.anchors[1];
      fields[`${criterion.id}.anchor3`] = criterion.anchors[3];
      fields[`${criterion.id}.anchor5`] = criterion.anchors[5];
      fields[`${criterion.id}.weight`] = String(criterion.weight);
    }
    expect((await post("/review/rubric", { ...fields, "grounded.weight": "5" }, maya)).status).toBe(403);
    const bad = await post("/review/rubric", { ...fields, "grounded.weight": "-1" }, admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("A weight cannot be negative");
    expect(currentRubric(server.db, workspaceId).version).toBe(1);

    expect((await post("/review/rubric", { ...fields, "grounded.weight": "5", "tone.title": "Tone meets the customer" }, admin)).status).toBe(200);
    const rubric = currentRubric(server.db, workspaceId);
    expect(rubric.version).toBe(2);
    expect(rubric.criteria.find((criterion) => criterion.id === "grounded")!.weight).toBe(5);
    expect(rubric.criteria.find((criterion) => criterion.id === "tone")!.title).toBe("Tone meets the customer");
    expect(queue().every((review) => review.rubricVersion === 1)).toBe(true);
    // Saving it unchanged makes no version.
    await post("/review/rubric", { ...fields, "grounded.weight": "5", "tone.title": "Tone meets the customer" }, admin);
    expect(currentRubric(server.db, workspaceId).version).toBe(2);
  });
});
