/**
 * CSAT surveys: one per closed conversation, answered with one click on a
 * 1–5 link that carries a random token. The first answer wins: later clicks
 * change nothing. A comment may follow the score, once.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { CSAT_COMMENT_MAX, CsatCommentSchema, CsatScoreSchema, CsatTokenSchema } from "./csat";
import { conversations, csatSurveys, workspaces } from "./schema";

export type CsatSurvey = typeof csatSurveys.$inferSelect;

/** 24 url-safe characters: 144 random bits. */
export function newCsatToken(): string {
  return randomBytes(18).toString("base64url");
}

export function createCsatSurvey(
  db: TandemDatabase,
  input: { workspaceId: number; conversationId: number; sentAt: Date; token?: string },
): CsatSurvey {
  return db
    .insert(csatSurveys)
    .values({
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      token: input.token ?? newCsatToken(),
      sentAt: input.sentAt,
    })
    .returning()
    .get();
}

/** The conversation's latest survey nobody has answered yet, if any. */
export function findUnansweredSurvey(db: TandemDatabase, conversationId: number): CsatSurvey | undefined {
  return db
    .select()
    .from(csatSurveys)
    .where(and(eq(csatSurveys.conversationId, conversationId), isNull(csatSurveys.score)))
    .orderBy(desc(csatSurveys.sentAt), desc(csatSurveys.id))
    .get();
}

/** A survey with what the public rating page may show: the workspace's name, never the conversation. */
export function findSurveyByToken(db: TandemDatabase, token: string) {
  if (!CsatTokenSchema.safeParse(token).success) return undefined;
  return db
    .select({
      id: csatSurveys.id,
      workspaceId: csatSurveys.workspaceId,
      workspaceName: workspaces.name,
      conversationId: csatSurveys.conversationId,
      channel: conversations.channel,
      sentAt: csatSurveys.sentAt,
      score: csatSurveys.score,
      comment: csatSurveys.comment,
      respondedAt: csatSurveys.respondedAt,
    })
    .from(csatSurveys)
    .innerJoin(workspaces, eq(workspaces.id, csatSurveys.workspaceId))
    .innerJoin(conversations, eq(conversations.id, csatSurveys.conversationId))
    .where(eq(csatSurveys.token, token))
    .get();
}

export type PublicCsatSurvey = NonNullable<ReturnType<typeof findSurveyByToken>>;

export type RecordScoreResult =
  | { status: "recorded"; score: number }
  | { status: "already_recorded"; score: number }
  | { status: "not_found" };

/**
 * Records the customer's score if the survey has none yet, in one statement so
 * two clicks racing each other cannot both win.
 */
export function recordCsatScore(db: TandemDatabase, token: string, score: number, now = new Date()): RecordScoreResult {
  const valid = CsatScoreSchema.safeParse(score);
  if (!valid.success) throw new RangeError(`A CSAT score is a whole number from 1 to 5, not ${score}.`);
  if (!CsatTokenSchema.safeParse(token).success) return { status: "not_found" };
  const updated = db
    .update(csatSurveys)
    .set({ score: valid.data, respondedAt: now })
    .where(and(eq(csatSurveys.token, token), isNull(csatSurveys.score)))
    .run();
  if (updated.changes > 0) return { status: "recorded", score: valid.data };
  const existing = db.select({ score: csatSurveys.score }).from(csatSurveys).where(eq(csatSurveys.token, token)).get();
  if (!existing || existing.score === null) return { status: "not_found" };
  return { status: "already_recorded", score: existing.score };
}

export type RecordCommentResult =
  | { status: "recorded" }
  | { status: "already_recorded" }
  | { status: "no_score" }
  | { status: "not_found" };

/** Adds the optional comment to an answered survey; like the score, the first comment wins. */
export function recordCsatComment(db: TandemDatabase, token: string, comment: string): RecordCommentResult {
  const valid = CsatCommentSchema.safeParse(comment);
  if (!valid.success) throw new RangeError(`A CSAT comment is 1 to ${CSAT_COMMENT_MAX} characters.`);
  if (!CsatTokenSchema.safeParse(token).success) return { status: "not_found" };
  const updated = db
    .update(csatSurveys)
    .set({ comment: valid.data })
    .where(and(eq(csatSurveys.token, token), isNull(csatSurveys.comment), isNotNull(csatSurveys.score)))
    .run();
  if (updated.changes > 0) return { status: "recorded" };
  const existing = db
    .select({ score: csatSurveys.score, comment: csatSurveys.comment })
    .from(csatSurveys)
    .where(eq(csatSurveys.token, token))
    .get();
  if (!existing) return { status: "not_found" };
  return existing.score === null ? { status: "no_score" } : { status: "already_recorded" };
}
