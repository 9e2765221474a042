import { and, desc, eq, isNull } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { deadLetters } from "./schema";

export type DeadLetter = typeof deadLetters.$inferSelect;

export function recordDeadLetter(
  db: TandemDatabase,
  input: { workspaceId: number | null; channel: string; reason: string; payload: string; receivedAt?: Date },
): DeadLetter {
  return db
    .insert(deadLetters)
    .values({ ...input, receivedAt: input.receivedAt ?? new Date() })
    .returning()
    .get();
}

export function listOpenDeadLetters(db: TandemDatabase, workspaceId: number): DeadLetter[] {
  return db
    .select()
    .from(deadLetters)
    .where(and(eq(deadLetters.workspaceId, workspaceId), isNull(deadLetters.resolvedAt)))
    .orderBy(desc(deadLetters.receivedAt))
    .all();
}

/** A workspace's dead letter, while it is still open. */
export function findOpenDeadLetter(db: TandemDatabase, workspaceId: number, id: number): DeadLetter | undefined {
  return db
    .select()
    .from(deadLetters)
    .where(and(eq(deadLetters.workspaceId, workspaceId), eq(deadLetters.id, id), isNull(deadLetters.resolvedAt)))
    .get();
}

export function resolveDeadLetter(db: TandemDatabase, workspaceId: number, id: number, at = new Date()): boolean {
  return (
    db
      .update(deadLetters)
      .set({ resolvedAt: at })
      .where(and(eq(deadLetters.workspaceId, workspaceId), eq(deadLetters.id, id), isNull(deadLetters.resolvedAt)))
      .run().changes > 0
  );
}
