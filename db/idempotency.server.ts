import { and, eq } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { idempotencyKeys } from "./schema";

export function findIdempotentResponse(db: TandemDatabase, workspaceId: number, key: string) {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
    .get();
}

export function rememberIdempotentResponse(
  db: TandemDatabase,
  input: { workspaceId: number; key: string; requestHash: string; status: number; response: unknown },
): void {
  db.insert(idempotencyKeys).values(input).onConflictDoNothing().run();
}
