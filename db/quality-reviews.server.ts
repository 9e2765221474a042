/**
 * The weekly quality review: the workspace's rubric versions, the week's
 * sample of conversations per rep, and the managers' scores.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { RECOVERY_RUBRIC, RubricSchema, overallScore, type CriterionScores, type Rubric } from "../evals/rubric";
import type { TandemDatabase } from "./connection.server";
import { WEEK_MS } from "./report-math";
import { conversations, qualityReviews, rubricVersions, users, type ReviewReason } from "./schema";

/* ───────────── rubric versions ───────────── */

/** The rubric the workspace scores with now: its latest version, or the built-in one. */
export function currentRubric(db: TandemDatabase, workspaceId: number): Rubric {
  const row = db
    .select({ rubric: rubricVersions.rubric })
    .from(rubricVersions)
    .where(eq(rubricVersions.workspaceId, workspaceId))
    .orderBy(desc(rubricVersions.version))
    .limit(1)
    .get();
  return row ? RubricSchema.parse(row.rubric) : RECOVERY_RUBRIC;
}

/** A version the workspace scored with, or the built-in one for version 1. */
export function rubricVersion(db: TandemDatabase, workspaceId: number, version: number): Rubric | undefined {
  const row = db
    .select({ rubric: rubricVersions.rubric })
    .from(rubricVersions)
    .where(and(eq(rubricVersions.workspaceId, workspaceId), eq(rubricVersions.version, version)))
    .get();
  if (row) return RubricSchema.parse(row.rubric);
  return version === RECOVERY_RUBRIC.version ? RECOVERY_RUBRIC : undefined;
}

export function listRubricVersions(db: TandemDatabase, workspaceId: number) {
  return db
    .select({ version: rubricVersions.version, createdAt: rubricVersions.createdAt, createdBy: users.name })
    .from(rubricVersions)
    .leftJoin(users, eq(users.id, rubricVersions.createdBy))
    .where(eq(rubricVersions.workspaceId, workspaceId))
    .orderBy(desc(rubricVersions.version))
    .all();
}

/**
 * Stores a changed rubric as the next version; an unchanged one is not a
 * new version. Returns the version in force afterwards.
 */
export function saveRubric(db: TandemDatabase, workspaceId: number, criteria: Rubric["criteria"], userId: number): Rubric {
  return db.transaction((tx) => {
    const current = currentRubric(tx, workspaceId);
    if (JSON.stringify(current.criteria) === JSON.stringify(criteria)) return current;
    const next = RubricSchema.parse({ version: current.version + 1, criteria });
    tx.insert(rubricVersions).values({ workspaceId, version: next.version, rubric: next, createdBy: userId }).run();
    return next;
  });
}

/* ───────────── the week's sample ───────────── */

/** A thread this long took more than one exchange to settle: worth a look. */
export const LONG_THREAD_MESSAGES = 8;
/** CSAT at or under this is low. */
export const LOW_CSAT = 2;
/** The strata a sample draws from before anything else, hardest first. */
const STRATA: ReviewReason[] = ["low_csat", "sla_breach", "reopened", "long_thread", "ai_drafted"];

export interface ReviewCandidate {
  conversationId: number;
  repId: number;
  reasons: ReviewReason[];
  aiDrafted: boolean;
}

/**
 * The conversations a rep answered in the week: each attributed to the rep
 * who wrote its last reply of the week (the assignee when replies carry no
 * author), with the strata it belongs to.
 */
export function reviewCandidates(db: TandemDatabase, workspaceId: number, weekStart: number): ReviewCandidate[] {
  const from = weekStart;
  const to = weekStart + WEEK_MS;
  const rows = db.all<{
    id: number;
    assignee_id: number | null;
    last_author: number | null;
    reopen_count: number;
    message_count: number;
    lowest_csat: number | null;
    breached: number;
    ai_drafted: number;
  }>(sql`
    select c.id, c.assignee_id, c.reopen_count,
      (select m.author_user_id from messages m
        where m.conversation_id = c.id and m.author_kind = 'agent' and m.author_user_id is not null and m.sent_at >= ${from} and m.sent_at < ${to}
        order by m.sent_at desc limit 1) as last_author,
      (select count(*) from messages m where m.conversation_id = c.id) as message_count,
      (select min(s.score) from csat_surveys s where s.conversation_id = c.id) as lowest_csat,
      exists (select 1 from sla_events e where e.conversation_id = c.id and e.kind = 'breach') as breached,
      exists (select 1 from ai_outputs o join ai_draft_reviews r on r.ai_output_id = o.id
        where o.conversation_id = c.id and r.decision in ('accepted', 'edited')) as ai_drafted
    from conversations c
    where c.workspace_id = ${workspaceId} and c.merged_into_id is null
      and exists (select 1 from messages m where m.conversation_id = c.id and m.author_kind = 'agent' and m.sent_at >= ${from} and m.sent_at < ${to})
    order by c.id`);
  return rows.flatMap((row) => {
    const repId = row.last_author ?? row.assignee_id;
    if (repId === null) return [];
    const reasons = STRATA.filter(
      (reason) =>
        (reason === "low_csat" && row.lowest_csat !== null && row.lowest_csat <= LOW_CSAT) ||
        (reason === "sla_breach" && row.breached === 1) ||
        (reason === "reopened" && row.reopen_count > 0) ||
        (reason === "long_thread" && row.message_count >= LONG_THREAD_MESSAGES) ||
        (reason === "ai_drafted" && row.ai_drafted === 1),
    );
    return [{ conversationId: row.id, repId, reasons: reasons.length ? reasons : ["sample"], aiDrafted: row.ai_drafted === 1 }];
  });
}

/** A stable shuffle key: the same week gives the same sample, another week another. */
function shuffleKey(conversationId: number, weekStart: number): number {
  let hash = 2166136261;
  for (const char of `${weekStart}:${conversationId}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/**
 * Picks up to `size` of one rep's candidates: one from each stratum in turn
 * (low CSAT, SLA breach, reopened, long thread, AI-drafted) while any is
 * left, so the sample is not only the easy ones, then the rest in a stable
 * shuffled order.
 */
export function sampleForRep(candidates: ReviewCandidate[], size: number, weekStart: number): ReviewCandidate[] {
  const pool = [...candidates].sort((a, b) => shuffleKey(a.conversationId, weekStart) - shuffleKey(b.conversationId, weekStart));
  const chosen: ReviewCandidate[] = [];
  const take = (candidate: ReviewCandidate | undefined) => {
    if (!candidate || chosen.length >= size) return;
    chosen.push(candidate);
    pool.splice(pool.indexOf(candidate), 1);
  };
  for (let progress = true; progress && chosen.length < size; ) {
    const before = chosen.length;
    for (const stratum of STRATA) take(pool.find((candidate) => candidate.reasons.includes(stratum)));
    progress = chosen.length > before;
  }
  while (chosen.length < size && pool.length) take(pool[0]);
  return chosen;
}

/**
 * (Re)builds a week's queue with up to `perRep` conversations per rep.
 * Scored reviews stay and count towards their rep's size; the unscored rest
 * is drawn again.
 */
export function buildWeekQueue(db: TandemDatabase, workspaceId: number, weekStart: number, perRep: number): number {
  return db.transaction((tx) => {
    const week = and(eq(qualityReviews.workspaceId, workspaceId), eq(qualityReviews.weekStart, new Date(weekStart)));
    tx.delete(qualityReviews)
      .where(and(week, sql`${qualityReviews.scoredAt} is null`))
      .run();
    const scored = tx.select({ conversationId: qualityReviews.conversationId, repId: qualityReviews.repId }).from(qualityReviews).where(week).all();
    const done = new Set(scored.map((review) => review.conversationId));
    const byRep = new Map<number, ReviewCandidate[]>();
    for (const candidate of reviewCandidates(tx, workspaceId, weekStart)) {
      if (done.has(candidate.conversationId)) continue;
      byRep.set(candidate.repId, [...(byRep.get(candidate.repId) ?? []), candidate]);
    }
    let queued = 0;
    for (const [repId, candidates] of byRep) {
      const room = perRep - scored.filter((review) => review.repId === repId).length;
      for (const candidate of sampleForRep(candidates, Math.max(0, room), weekStart)) {
        tx.insert(qualityReviews).values({ workspaceId, weekStart: new Date(weekStart), ...candidate }).run();
        queued++;
      }
    }
    return queued;
  });
}

/* ───────────── reading and scoring ───────────── */

const reviewColumns = {
  id: qualityReviews.id,
  conversationInternalId: qualityReviews.conversationId,
  conversationId: conversations.publicId,
  subject: conversations.subject,
  channel: conversations.channel,
  weekStart: qualityReviews.weekStart,
  repId: qualityReviews.repId,
  repName: users.name,
  reasons: qualityReviews.reasons,
  aiDrafted: qualityReviews.aiDrafted,
  preScore: qualityReviews.preScore,
  rubricVersion: qualityReviews.rubricVersion,
  scores: qualityReviews.scores,
  overall: qualityReviews.overall,
  coachingNote: qualityReviews.coachingNote,
  scoredAt: qualityReviews.scoredAt,
};

/** Reviews with their conversation and rep, for a `where` to narrow. */
const selectReviews = (db: TandemDatabase) =>
  db
    .select(reviewColumns)
    .from(qualityReviews)
    .innerJoin(conversations, eq(conversations.id, qualityReviews.conversationId))
    .innerJoin(users, eq(users.id, qualityReviews.repId));

export type QualityReview = ReturnType<typeof listWeekReviews>[number];

/** A week's queue, rep by rep, unscored first within each rep. */
export function listWeekReviews(db: TandemDatabase, workspaceId: number, weekStart: number) {
  return selectReviews(db)
    .where(and(eq(qualityReviews.workspaceId, workspaceId), eq(qualityReviews.weekStart, new Date(weekStart))))
    .orderBy(asc(users.name), sql`${qualityReviews.scoredAt} is not null`, asc(qualityReviews.id))
    .all();
}

export function findReview(db: TandemDatabase, workspaceId: number, reviewId: number) {
  return selectReviews(db)
    .where(and(eq(qualityReviews.workspaceId, workspaceId), eq(qualityReviews.id, reviewId)))
    .get();
}

/** The AI pre-score, kept so every later look shows the same one. */
export function storePreScore(db: TandemDatabase, workspaceId: number, reviewId: number, preScore: unknown): void {
  db.update(qualityReviews)
    .set({ preScore })
    .where(and(eq(qualityReviews.workspaceId, workspaceId), eq(qualityReviews.id, reviewId)))
    .run();
}

/** A manager's scores and coaching note, under the rubric version they scored with; false when the review is not the workspace's. */
export function scoreReview(
  db: TandemDatabase,
  workspaceId: number,
  reviewId: number,
  input: { rubric: Rubric; scores: CriterionScores; coachingNote: string | null; reviewerId: number; at: Date },
): boolean {
  const result = db
    .update(qualityReviews)
    .set({
      scores: input.scores,
      overall: overallScore(input.rubric, input.scores),
      rubricVersion: input.rubric.version,
      coachingNote: input.coachingNote,
      reviewerId: input.reviewerId,
      scoredAt: input.at,
    })
    .where(and(eq(qualityReviews.workspaceId, workspaceId), eq(qualityReviews.id, reviewId)))
    .run();
  return result.changes > 0;
}

/** Every scored review of the weeks from `from` (inclusive) to `to` (exclusive): what results and calibration read. */
export function scoredReviews(db: TandemDatabase, workspaceId: number, from: number, to: number) {
  return selectReviews(db)
    .where(
      and(
        eq(qualityReviews.workspaceId, workspaceId),
        isNotNull(qualityReviews.scoredAt),
        gte(qualityReviews.weekStart, new Date(from)),
        lt(qualityReviews.weekStart, new Date(to)),
      ),
    )
    .orderBy(asc(qualityReviews.weekStart), asc(users.name), asc(qualityReviews.id))
    .all();
}

/** The reps of the workspace, for naming rows that have no reviews yet. */
export function reviewableReps(db: TandemDatabase, workspaceId: number) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.role, ["rep", "manager", "admin"])))
    .orderBy(asc(users.name))
    .all();
}
