import express from "express";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeDatabase, openDatabase, type TandemConnection } from "../db/connection.server";
import { countWorkspaces } from "../db/workspaces.server";
import { createApiV1 } from "./api/v1.server";
import { createAuth } from "./auth/auth.server";
import { createEmailTransport } from "./channels/email/email-transport.server";
import { createInboxServices, type InboxServices } from "./inbox/services.server";
import type { TandemConfig } from "./config.server";
import { seedDemoWorkspace } from "./demo-seed.server";
import type { TandemLoadContext } from "./load-context";
import { attachRealtime, type RealtimeServer } from "./realtime.server";
import { createRemixApp } from "./remix-app.server";
import { admitSyncUpgrade, SYNC_PATH_PREFIX } from "./sync-upgrade.server";

export interface RunningTandem {
  url: string;
  port: number;
  config: TandemConfig;
  db: TandemConnection;
  io: RealtimeServer;
  services: InboxServices;
  httpServer: HttpServer;
  /** Whether this start seeded the demo workspace into an empty database. */
  seeded: boolean;
  close(): Promise<void>;
}

/**
 * Starts Tandem on one port: the Remix app, the HTTP API, socket.io and the
 * sync endpoint. The database is migrated and, when empty, seeded first.
 */
export async function startTandem(config: TandemConfig, log: (line: string) => void = console.error): Promise<RunningTandem> {
  const db = openDatabase(config.databasePath);
  const seeded = config.seed === "demo" && countWorkspaces(db) === 0;
  if (seeded) {
    const demo = await seedDemoWorkspace(db);
    log(`Seeded the demo workspace: ${demo.conversations.conversationsCreated} conversations.`);
  }

  const auth = createAuth(db, config.sessionSecret);
  const services = createInboxServices({
    db,
    transports: [createEmailTransport({ relayUrl: config.smtpRelayUrl, messageIdDomain: "tandem.localhost" })],
  });
  const app = express();
  const httpServer = createServer(app);
  const loadContext: TandemLoadContext = { db, auth, services };
  const remix = await createRemixApp(config.mode, httpServer, () => loadContext);

  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use("/api/v1", createApiV1(services, auth));
  app.use(remix.router);

  const io = attachRealtime(httpServer, auth, services.events);
  httpServer.on("upgrade", (request, socket) => {
    if (!request.url?.startsWith(SYNC_PATH_PREFIX)) {
      // socket.io answers its own path (and Vite's HMR its own, in development). Left unanswered,
      // any other upgrade stays open for good and keeps close() from ever finishing.
      if (config.mode === "production" && !request.url?.startsWith("/socket.io/")) {
        socket.on("error", () => socket.destroy());
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      }
      return;
    }
    socket.on("error", () => socket.destroy());
    admitSyncUpgrade(db, auth, request, socket)
      .then((admitted) => {
        // The CRDT sync service is not part of this build: admitted clients are told so.
        if (admitted) socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      })
      .catch(() => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await services.close();
      await remix.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      closeDatabase(db);
    })());

  return { url: `http://localhost:${port}`, port, config, db, io, httpServer, services, seeded, close };
}
