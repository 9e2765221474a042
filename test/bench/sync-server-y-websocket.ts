/**
 * The sync benchmark's reference server: the plain y-websocket protocol as
 * @y/websocket-server serves it, persisting every update with y-leveldb (the
 * YPERSISTENCE directory, set by the orchestrator: the module reads it when it
 * loads). Prints one JSON line {port} once listening.
 */
import { setupWSConnection } from "@y/websocket-server/utils";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { exitWithParent, printLine } from "./sync-shared";

if (!process.env.YPERSISTENCE) throw new Error("YPERSISTENCE is required: this server runs with its persistence on");
const sockets = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => response.writeHead(404).end());
// The document is the path: ws://HOST:PORT/inbox/demo serves "inbox/demo".
server.on("upgrade", (request, socket, head) =>
  sockets.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request)),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
exitWithParent();
printLine({ port: (server.address() as AddressInfo).port });
