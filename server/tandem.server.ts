import express from "express";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startCheckpointer } from "../db/checkpointer.server";
import { startDocumentCompactor } from "../db/document-compactor.server";
import { startWalFlusher, type WalFlusher } from "../db/wal-flusher.server";
import { closeDatabase, openDatabase, type TandemConnection } from "../db/connection.server";
import { countWorkspaces } from "../db/workspaces.server";
import { createApiV1 } from "./api/v1.server";
import { createAuth } from "./auth/auth.server";
import { startChannelMonitor } from "./channels/channel-monitor.server";
import { createChatChannel } from "./channels/chat/chat-channel.server";
import { createEmailTransport } from "./channels/email/email-transport.server";
import { createSlackTransport } from "./channels/slack/slack-transport.server";
import { createSlackWebhook } from "./channels/slack/slack-webhook.server";
import { startSmtpListener, type SmtpListener } from "./channels/email/smtp-listener.server";
import { createAutoAssignHook } from "./inbox/auto-assign.server";
import { sendCsatSurvey } from "./inbox/csat.server";
import { createInboxServices, type InboxServices } from "./inbox/services.server";
import { startSearchIndexer } from "./inbox/search-indexer.server";
import { startSnoozeWaker } from "./inbox/snooze-waker.server";
import type { TandemConfig } from "./config.server";
import { seedDemoWorkspace } from "./demo-seed.server";
import { findWorkspaceBySlug } from "../db/workspaces.server";
import type { TandemLoadContext } from "./load-context";
import { attachRealtime, type RealtimeServer } from "./realtime.server";
import { createRemixApp } from "./remix-app.server";
import { refreshConversationSla, startSlaMonitor } from "./sla/sla.server";
import type { ConversationHook } from "./inbox/services.server";
import { createSyncServer } from "../sync/sync-server.server";
import { createAiProvider } from "../ai/openai-provider.server";
import { createCopilot, type Copilot } from "./copilot.server";
import { createMergeProposals, type MergeProposals } from "./merge-proposals.server";
import { connectReplyDrafts } from "./reply-drafts.server";
import { connectInboxSync } from "./inbox-sync.server";
import { admitSyncUpgrade, SYNC_PATH_PREFIX } from "./sync-upgrade.server";

/**
 * Keeps a conversation's SLA clock current whenever it changes. A broken SLA
 * setting must not cost a customer message: it is logged, and the monitor's
 * next scan repairs the clock once the setting is fixed.
 */
function slaHook(log: (line: string) => void): ConversationHook {
  return (db, conversationId, now) => {
    try {
      refreshConversationSla(db, conversationId, now);
    } catch (error) {
      log(`SLA clock not updated for conversation ${conversationId}: ${(error as Error).message}`);
    }
  };
}

/**
 * A conversation just closed: the customer gets the one-click CSAT survey on
 * its own channel, as a bot message. A channel that cannot reach them (no
 * address) simply gets no survey; the close itself never fails for it.
 */
function sendSurveyOnClose(
  inbox: InboxServices,
  baseUrl: string,
  workspaceId: number,
  conversationId: string,
  log: (line: string) => void,
): void {
  const survey = sendCsatSurvey({ db: inbox.db, baseUrl, now: inbox.now }, workspaceId, conversationId);
  if (survey.status !== "created") return;
  const sent = inbox.reply({
    workspaceId,
    conversationId,
    text: survey.text,
    author: { userId: null, name: "Satisfaction survey", kind: "bot" },
  });
  if (sent.status !== "sent") log(`No CSAT survey for ${conversationId}: ${sent.status}`);
}

export interface RunningTandem {
  url: string;
  port: number;
  config: TandemConfig;
  db: TandemConnection;
  io: RealtimeServer;
  services: InboxServices;
  merges: MergeProposals;
  copilot: Copilot;
  /** Writes the WAL out after the sync server's commits and before a channel's message is answered. */
  walFlusher: WalFlusher;
  httpServer: HttpServer;
  /** The inbound email (SMTP) port: config.smtpPort, or the one picked when that is 0. */
  smtpPort: number;
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
  const checkpointer = startCheckpointer(db, { onFailure: (reason) => log(`Background checkpoint failed: ${reason}`) });
  const walFlusher = startWalFlusher(db, { onFailure: (reason) => log(`WAL flush failed: ${reason}`) });
  const seeded = config.seed === "demo" && countWorkspaces(db) === 0;
  if (seeded) {
    const demo = await seedDemoWorkspace(db);
    log(`Seeded the demo workspace: ${demo.conversations.conversationsCreated} conversations.`);
  }

  const auth = createAuth(db, config.sessionSecret);
  // Known once the server listens on its (possibly random) port.
  let listeningUrl = `http://localhost:${config.port}`;
  const publicUrl = () => config.publicUrl ?? listeningUrl;
  const chat = createChatChannel({ sessionSecret: config.sessionSecret });
  const services = createInboxServices({
    db,
    walFlusher,
    messageHooks: [createAutoAssignHook()],
    hooks: [slaHook(log)],
    onClose: (inbox, workspaceId, conversationId) => sendSurveyOnClose(inbox, publicUrl(), workspaceId, conversationId, log),
    transports: [
      createEmailTransport({ relayUrl: config.smtpRelayUrl, messageIdDomain: "tandem.localhost" }),
      chat.transport,
      createSlackTransport({ db }),
    ],
  });
  const app = express();
  const httpServer = createServer(app);
  const copilot = createCopilot({ db, provider: createAiProvider(config.ai, log), sync: () => sync, log });
  const merges = createMergeProposals({ db, events: services.events, now: services.now, log });
  // The demo's weekend arrived by import, not message by message: propose for it as if it had.
  if (seeded) merges.scan(findWorkspaceBySlug(db, "demo")!.id);
  const loadContext: TandemLoadContext = { db, auth, services, copilot, merges, evals: config.evals };
  const remix = await createRemixApp(config.mode, httpServer, () => loadContext);

  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use("/api/v1", createApiV1(services, auth));
  app.use("/webhooks/slack", createSlackWebhook(services));
  app.use(remix.router);

  const io = attachRealtime(httpServer, auth, services.events);
  // The customers' chat widget: its own "/chat" namespace, outside the staff session auth.
  chat.attach(io, services);
  const inboxSync = connectInboxSync(services);
  const replyDrafts = connectReplyDrafts(services, () => sync);
  const compactor = startDocumentCompactor(db);
  const sync = createSyncServer({
    db,
    compactor,
    log,
    onLoad: (shared) => {
      inboxSync.onLoad(shared);
      replyDrafts.onLoad(shared);
    },
    onPeerLeft: replyDrafts.onPeerLeft,
  });
  auth.onSessionEnd((sessionId) => sync.endSession(sessionId));
  httpServer.on("upgrade", (request, socket, head) => {
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
      .then((admitted) => admitted && sync.handleUpgrade(request, socket, head, admitted.name, admitted.peer))
      .catch(() => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  listeningUrl = `http://localhost:${port}`;
  // SLA: record and announce warnings and breaches as clocks run out.
  const slaMonitor = startSlaMonitor({ db, events: services.events, now: services.now, intervalMs: 30_000 });
  // Channels: a visible alert when one falls silent beyond its usual rhythm.
  const channelMonitor = startChannelMonitor({ db, events: services.events, now: services.now });
  const snoozeWaker = startSnoozeWaker(services);
  const searchIndexer = startSearchIndexer(db, log);

  let smtp: SmtpListener | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      slaMonitor.stop();
      channelMonitor.stop();
      snoozeWaker.stop();
      searchIndexer.stop();
      await smtp?.close();
      await sync.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await services.close();
      await remix.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await compactor?.stop();
      await checkpointer.stop();
      await walFlusher.stop();
      closeDatabase(db);
    })());

  try {
    // All interfaces, like the HTTP server: it accepts mail only for the workspaces' own addresses.
    smtp = await startSmtpListener({ port: config.smtpPort, host: null, services, db });
  } catch (error) {
    await close();
    throw error;
  }

  return { url: `http://localhost:${port}`, port, smtpPort: smtp.port, config, db, io, httpServer, services, merges, copilot, walFlusher, seeded, close };
}
