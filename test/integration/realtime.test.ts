import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { workspaceRoom } from "../../server/realtime.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const opened: Socket[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});

type Outcome = { connected: true; socket: Socket } | { connected: false; message: string };

/** Opens a socket.io client as a browser on another machine would, and reports how the handshake ended. */
function open(options: { cookie?: string; transport?: "websocket" | "polling" } = {}): Promise<Outcome> {
  const socket = connect(server.url, {
    transports: [options.transport ?? "websocket"],
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ connected: true, socket }));
    socket.once("connect_error", (error) => resolve({ connected: false, message: error.message }));
  });
}

async function signOut(cookie: string) {
  const response = await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
  expect(response.status).toBe(302);
}

describe("socket.io authentication", () => {
  it("refuses a client without a cookie with connect_error unauthorized", async () => {
    const outcome = await open();
    expect(outcome).toEqual({ connected: false, message: "unauthorized" });
  });

  it("refuses a client without a cookie over long-polling too", async () => {
    const outcome = await open({ transport: "polling" });
    expect(outcome).toEqual({ connected: false, message: "unauthorized" });
  });

  it("refuses a cookie that is not a valid session", async () => {
    expect(await open({ cookie: "tandem_session=forged.value" })).toEqual({ connected: false, message: "unauthorized" });
    expect(await open({ cookie: "other=1" })).toEqual({ connected: false, message: "unauthorized" });
  });

  it("connects with a valid session cookie over websocket and long-polling", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const viaWebsocket = await open({ cookie });
    expect(viaWebsocket.connected).toBe(true);
    const viaPolling = await open({ cookie, transport: "polling" });
    expect(viaPolling.connected).toBe(true);
  });

  it("puts a connected rep in their own workspace's room only", async () => {
    const cookie = await signIn(server.url, "ben@demo.example");
    const outcome = await open({ cookie });
    if (!outcome.connected) throw new Error(`did not connect: ${outcome.message}`);

    const serverSockets = await server.io.fetchSockets();
    const mine = serverSockets.find((socket) => socket.id === outcome.socket.id);
    expect(mine?.data.user.email).toBe("ben@demo.example");
    expect([...mine!.rooms].filter((room) => room.startsWith("workspace:"))).toEqual([
      workspaceRoom(mine!.data.user.workspaceId),
    ]);

    // and what is sent to that room reaches it
    const received = new Promise((resolve) => outcome.socket.once("test:ping", resolve));
    server.io.to(workspaceRoom(mine!.data.user.workspaceId)).emit("test:ping", { hello: "ben" });
    expect(await received).toEqual({ hello: "ben" });
  });

  it("refuses the same cookie after sign-out", async () => {
    const cookie = await signIn(server.url, "chloe@demo.example");
    expect((await open({ cookie })).connected).toBe(true);

    await signOut(cookie);
    expect(await open({ cookie })).toEqual({ connected: false, message: "unauthorized" });
    expect(await open({ cookie, transport: "polling" })).toEqual({ connected: false, message: "unauthorized" });
  });

  it("disconnects a socket that is open when its session signs out", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const otherCookie = await signIn(server.url, "ana@demo.example");
    const signedOut = await open({ cookie });
    const stillIn = await open({ cookie: otherCookie });
    if (!signedOut.connected || !stillIn.connected) throw new Error("both sockets should connect");

    const disconnected = new Promise<string>((resolve) => signedOut.socket.once("disconnect", resolve));
    await signOut(cookie);
    expect(await disconnected).toBe("io server disconnect");
    // Another session of the same rep, in another tab or device, stays connected.
    expect(stillIn.socket.connected).toBe(true);
  });

  it("keeps the server answering after refusals", async () => {
    await Promise.all(Array.from({ length: 5 }, () => open()));
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});
