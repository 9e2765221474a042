import type { Server as HttpServer } from "node:http";
import { Server as SocketServer } from "socket.io";
import type { Auth, AuthenticatedUser } from "./auth/auth.server";
import type { InboxEventBus } from "./inbox/events.server";

export interface RealtimeSocketData {
  user: AuthenticatedUser;
}

/** Events are added by the features that use them; until then any name is allowed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpenEvents = Record<string, (...args: any[]) => void>;
export type RealtimeServer = SocketServer<OpenEvents, OpenEvents, OpenEvents, RealtimeSocketData>;

export const workspaceRoom = (workspaceId: number) => `workspace:${workspaceId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * socket.io on the app's HTTP server. Every socket must carry a live session
 * cookie and joins only its own workspace's room.
 */
export function attachRealtime(httpServer: HttpServer, auth: Auth, events: InboxEventBus): RealtimeServer {
  const io: RealtimeServer = new SocketServer(httpServer, {
    serveClient: false,
    // Leave upgrades on other paths (/sync) alone instead of ending them after a second.
    destroyUpgrade: false,
    maxHttpBufferSize: 1_000_000,
  });
  io.use(async (socket, next) => {
    try {
      const user = await auth.userFromCookie(socket.handshake.headers.cookie);
      if (!user) return next(new Error("unauthorized"));
      socket.data.user = user;
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error("unauthorized"));
    }
  });
  io.on("connection", (socket) => {
    void socket.join([workspaceRoom(socket.data.user.workspaceId), sessionRoom(socket.data.user.sessionId)]);
  });
  auth.onSessionEnd((sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true));

  // Everything reps see change live reaches only their own workspace's room.
  events.on("conversation.changed", ({ workspaceId, conversationId, reason }) =>
    io.to(workspaceRoom(workspaceId)).emit("conversation:changed", { conversationId, reason }),
  );
  events.on("sla.warning", ({ workspaceId, ...warning }) => io.to(workspaceRoom(workspaceId)).emit("sla:warning", warning));
  events.on("sla.breach", ({ workspaceId, ...breach }) => io.to(workspaceRoom(workspaceId)).emit("sla:breach", breach));
  events.on("alert.raised", ({ workspaceId, ...alert }) => io.to(workspaceRoom(workspaceId)).emit("alert:raised", alert));
  events.on("notification.created", ({ workspaceId, ...notification }) =>
    io.to(workspaceRoom(workspaceId)).emit("notification:created", notification),
  );
  return io;
}
