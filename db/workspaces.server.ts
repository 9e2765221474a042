import { count, eq } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { workspaces } from "./schema";

export type Workspace = typeof workspaces.$inferSelect;

export function findWorkspaceBySlug(db: TandemDatabase, slug: string): Workspace | undefined {
  return db.select().from(workspaces).where(eq(workspaces.slug, slug)).get();
}

export function findWorkspace(db: TandemDatabase, id: number): Workspace | undefined {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

export function createWorkspace(db: TandemDatabase, input: { slug: string; name: string }): Workspace {
  return db.insert(workspaces).values(input).returning().get();
}

export function countWorkspaces(db: TandemDatabase): number {
  return db.select({ n: count() }).from(workspaces).get()!.n;
}
