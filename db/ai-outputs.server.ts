/**
 * The AI copilot's answers and what reps did with them: the record that the
 * quality review and the evals read (which prompt version wrote a draft, and
 * how much the rep had to change it).
 */
import { and, desc, eq } from "drizzle-orm";
import { distance } from "fastest-levenshtein";
import type { TandemDatabase } from "./connection.server";
import { aiDraftReviews, aiOutputs } from "./schema";

export interface AiOutputRecord {
  workspaceId: number;
  task: "summary" | "draft";
  conversationId: number | null;
  provider: "local" | "openai";
  model: string;
  promptVersion: string;
  fallback?: string;
  output: unknown;
}

export function recordAiOutput(db: TandemDatabase, record: AiOutputRecord): number {
  return db
    .insert(aiOutputs)
    .values({ ...record, fallback: record.fallback ?? null })
    .returning({ id: aiOutputs.id })
    .get().id;
}

export function findAiOutput(db: TandemDatabase, workspaceId: number, id: number) {
  return db.select().from(aiOutputs).where(and(eq(aiOutputs.workspaceId, workspaceId), eq(aiOutputs.id, id))).get();
}

/** The latest output of a task for a conversation. */
export function latestAiOutput(db: TandemDatabase, workspaceId: number, conversationId: number, task: "summary" | "draft") {
  return db
    .select()
    .from(aiOutputs)
    .where(and(eq(aiOutputs.workspaceId, workspaceId), eq(aiOutputs.conversationId, conversationId), eq(aiOutputs.task, task)))
    .orderBy(desc(aiOutputs.id))
    .limit(1)
    .get();
}

/**
 * Records a rep's verdict on a draft once: "accepted" when sent exactly as
 * drafted, "edited" with the edit distance when changed, "rejected" when
 * discarded. A second verdict on the same draft is ignored.
 */
export function recordDraftReview(
  db: TandemDatabase,
  review: { workspaceId: number; aiOutputId: number; userId: number | null; drafted: string; sent: string | null },
): "accepted" | "edited" | "rejected" {
  const editDistance = review.sent === null ? null : distance(review.drafted.trim(), review.sent.trim());
  const decision = editDistance === null ? "rejected" : editDistance === 0 ? "accepted" : "edited";
  db.insert(aiDraftReviews)
    .values({ workspaceId: review.workspaceId, aiOutputId: review.aiOutputId, userId: review.userId, decision, editDistance })
    .onConflictDoNothing()
    .run();
  return decision;
}
