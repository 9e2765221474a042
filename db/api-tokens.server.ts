import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import { apiTokens, workspaces } from "./schema";

const TOKEN_PREFIX = "tdm_";

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a token and returns it in the clear: the only time it is ever seen. */
export function createApiToken(db: TandemDatabase, workspaceId: number, name: string): string {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  db.insert(apiTokens).values({ workspaceId, name, tokenHash: digest(token) }).run();
  return token;
}

export interface TokenWorkspace {
  tokenId: number;
  workspaceId: number;
  workspaceSlug: string;
}

// Every API call looks its token up: prepared once.
const tokenByHash = preparedQuery((db) =>
  db
    .select({
      tokenId: apiTokens.id,
      workspaceId: workspaces.id,
      workspaceSlug: workspaces.slug,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
    .where(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")))
    .prepare(),
);

export function findTokenWorkspace(db: TandemDatabase, token: string): TokenWorkspace | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const found = tokenByHash(db).get({ tokenHash: digest(token) });
  // At most once a minute: a write per request would double the commits of every API call.
  const now = new Date();
  if (found && (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000)) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, found.tokenId)).run();
  }
  return found && { tokenId: found.tokenId, workspaceId: found.workspaceId, workspaceSlug: found.workspaceSlug };
}
