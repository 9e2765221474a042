import { createCookie, redirect } from "@remix-run/node";
import type { TandemDatabase } from "../../db/connection.server";
import { findTokenWorkspace, type TokenWorkspace } from "../../db/api-tokens.server";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_LIFETIME_MS,
  type SessionUser,
} from "../../db/sessions.server";
import { findUserByEmail } from "../../db/users.server";
import { verifyPassword } from "./password.server";

/** A hash to compare against when the email is unknown, so a miss takes as long as a wrong password. */
const DECOY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export type Auth = ReturnType<typeof createAuth>;
export type AuthenticatedUser = SessionUser & { sessionId: string };

/**
 * Sessions live in the database; the cookie carries only the signed session id,
 * so signing out ends the session everywhere it is used (pages, socket.io, sync).
 */
export function createAuth(db: TandemDatabase, sessionSecret: string) {
  const sessionCookie = createCookie("tandem_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret],
    maxAge: SESSION_LIFETIME_MS / 1000,
  });

  const sessionEndListeners: ((sessionId: string) => void)[] = [];

  async function sessionIdFrom(cookieHeader: string | null | undefined): Promise<string | undefined> {
    if (!cookieHeader) return undefined;
    const value: unknown = await sessionCookie.parse(cookieHeader);
    return typeof value === "string" ? value : undefined;
  }

  return {
    /** Checks the password and opens a session; undefined on any mismatch, without saying which part. */
    async signIn(email: string, password: string): Promise<{ setCookie: string } | undefined> {
      const user = findUserByEmail(db, email);
      const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
      if (!user || !matches) return undefined;
      const session = createSession(db, user.id);
      return { setCookie: await sessionCookie.serialize(session.id, { expires: session.expiresAt }) };
    },

    /** Ends the session in the database and tells the live connections that used it. */
    async signOut(cookieHeader: string | null): Promise<string> {
      const sessionId = await sessionIdFrom(cookieHeader);
      if (sessionId) {
        deleteSession(db, sessionId);
        for (const listener of sessionEndListeners) listener(sessionId);
      }
      return sessionCookie.serialize("", { maxAge: 0 });
    },

    /** Called with a session id when it is signed out, so sockets opened with it can be closed. */
    onSessionEnd(listener: (sessionId: string) => void): void {
      sessionEndListeners.push(listener);
    },

    async userFromCookie(cookieHeader: string | null | undefined): Promise<AuthenticatedUser | undefined> {
      const sessionId = await sessionIdFrom(cookieHeader);
      const user = sessionId ? findSessionUser(db, sessionId) : undefined;
      return user && sessionId ? { ...user, sessionId } : undefined;
    },

    /** For pages: the signed-in user, or a redirect to sign-in that comes back here. */
    async requireUser(request: Request): Promise<SessionUser> {
      const user = await this.userFromCookie(request.headers.get("Cookie"));
      if (user) return user;
      const url = new URL(request.url);
      const back = url.pathname + url.search;
      throw redirect(back === "/" ? "/login" : `/login?${new URLSearchParams({ redirectTo: back })}`);
    },

    workspaceForToken(token: string): TokenWorkspace | undefined {
      return findTokenWorkspace(db, token);
    },
  };
}
