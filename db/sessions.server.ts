import { randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { sessions, users, workspaces } from "./schema";

/** Who is signed in, and the one workspace everything they do is scoped to. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: (typeof users.$inferSelect)["role"];
  workspaceId: number;
  workspaceSlug: string;
  workspaceName: string;
}

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export function createSession(db: TandemDatabase, userId: number, now = new Date()) {
  const id = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  db.insert(sessions).values({ id, userId, expiresAt }).run();
  return { id, expiresAt };
}

export function findSessionUser(db: TandemDatabase, sessionId: string, now = new Date()): SessionUser | undefined {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      workspaceId: workspaces.id,
      workspaceSlug: workspaces.slug,
      workspaceName: workspaces.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .get();
}

export function deleteSession(db: TandemDatabase, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export function deleteExpiredSessions(db: TandemDatabase, now = new Date()): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
}
