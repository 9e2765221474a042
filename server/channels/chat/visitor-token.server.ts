import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Visitor tokens: proof that a chat visitor id was handed out by this server
 * to whoever holds the token. A visitor id alone (it shows up in exports and
 * the API as the contact's chatVisitorId) never opens a chat.
 *
 * token = base64url(HMAC-SHA256(key, "chat-visitor:v1:<workspaceId>:<visitorId>")),
 * with the key derived from the session secret so the two uses never share one.
 * Bound to the workspace: a token from one workspace's widget is refused by another.
 */
export interface VisitorTokens {
  mint(workspaceId: number): { visitorId: string; visitorToken: string };
  verify(workspaceId: number, visitorId: string, visitorToken: string): boolean;
}

export function createVisitorTokens(sessionSecret: string): VisitorTokens {
  const key = createHmac("sha256", sessionSecret).update("tandem:chat-visitor-token-key").digest();
  const sign = (workspaceId: number, visitorId: string) =>
    createHmac("sha256", key).update(`chat-visitor:v1:${workspaceId}:${visitorId}`).digest("base64url");
  return {
    mint(workspaceId) {
      const visitorId = `v_${randomUUID().replaceAll("-", "")}`;
      return { visitorId, visitorToken: sign(workspaceId, visitorId) };
    },
    verify(workspaceId, visitorId, visitorToken) {
      const expected = Buffer.from(sign(workspaceId, visitorId));
      const given = Buffer.from(visitorToken);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
