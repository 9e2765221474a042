import { and, eq } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { teams, users, type Role } from "./schema";

export type User = typeof users.$inferSelect;
/** A user as the rest of the app may see them: never the password hash. */
export type TeamMember = Omit<User, "passwordHash">;

export function findUserByEmail(db: TandemDatabase, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export function createUser(
  db: TandemDatabase,
  input: { workspaceId: number; email: string; name: string; role: Role; passwordHash: string; teamId?: number },
): TeamMember {
  const { passwordHash: _hash, ...member } = db
    .insert(users)
    .values({ ...input, email: input.email.trim().toLowerCase() })
    .returning()
    .get();
  return member;
}

/** Workspace members by lower-cased email, for resolving assignees and account owners in bulk. */
export function membersByEmail(db: TandemDatabase, workspaceId: number): Map<string, number> {
  const rows = db.select({ id: users.id, email: users.email }).from(users).where(eq(users.workspaceId, workspaceId)).all();
  return new Map(rows.map((row) => [row.email, row.id]));
}

export function ensureTeam(db: TandemDatabase, workspaceId: number, name: string): number {
  const existing = db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, name)))
    .get();
  return existing?.id ?? db.insert(teams).values({ workspaceId, name }).returning({ id: teams.id }).get().id;
}
