import { createConnection } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createApiToken } from "../../db/api-tokens.server";
import { createUser } from "../../db/users.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { hashPassword } from "../../server/auth/password.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let demoToken: string;
let otherToken: string;
let demoCookie: string;
let otherCookie: string;

beforeAll(async () => {
  server = await startTestServer();
  demoToken = createApiToken(server.db, findWorkspaceBySlug(server.db, "demo")!.id, "sync test");
  const other = createWorkspace(server.db, { slug: "other", name: "Other Co" });
  otherToken = createApiToken(server.db, other.id, "other sync test");
  createUser(server.db, {
    workspaceId: other.id,
    email: "olga@other.example",
    name: "Olga Other",
    role: "rep",
    passwordHash: await hashPassword("other-password"),
  });
  demoCookie = await signIn(server.url, "ana@demo.example");
  otherCookie = await signIn(server.url, "olga@other.example", "other-password");
});
afterAll(() => server.close());

interface Refusal {
  status: number;
  body: string;
  /** Whether the server ever sent a WebSocket frame (it must not, on refusal). */
  opened: boolean;
}

/** Opens a `ws` client to the sync endpoint and reports the HTTP answer to its upgrade. */
function upgrade(path: string, cookie?: string): Promise<Refusal> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers: cookie ? { cookie } : {} });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no answer to the upgrade of ${path}`));
    }, 5_000);
    ws.once("open", () => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ status: 101, body: "", opened: true });
    });
    ws.once("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        clearTimeout(timer);
        ws.terminate();
        resolve({ status: response.statusCode ?? 0, body, opened: false });
      });
    });
    ws.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function expectHealthy() {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
}

describe("sync upgrade admission", () => {
  it("refuses the inbox document without auth with 401 and sends no document data", async () => {
    expect(await upgrade("/sync/inbox/demo")).toEqual({ status: 401, body: "", opened: false });
  });

  it("refuses a draft document without auth with 401", async () => {
    expect((await upgrade("/sync/draft/c-1017")).status).toBe(401);
  });

  it("refuses an unknown token and a forged cookie with 401", async () => {
    expect((await upgrade("/sync/inbox/demo?token=tdm_nope")).status).toBe(401);
    expect((await upgrade("/sync/inbox/demo?token=")).status).toBe(401);
    expect((await upgrade("/sync/inbox/demo", "tandem_session=forged.value")).status).toBe(401);
  });

  it("refuses another workspace's user with 403 for the demo inbox and a demo draft", async () => {
    expect(await upgrade("/sync/inbox/demo", otherCookie)).toEqual({ status: 403, body: "", opened: false });
    expect((await upgrade("/sync/draft/c-1017", otherCookie)).status).toBe(403);
  });

  it("refuses another workspace's token with 403 for the demo inbox and a demo draft", async () => {
    expect((await upgrade(`/sync/inbox/demo?token=${otherToken}`)).status).toBe(403);
    expect((await upgrade(`/sync/draft/c-1017?token=${otherToken}`)).status).toBe(403);
  });

  it("refuses the demo workspace's own credentials for another workspace's inbox with 403", async () => {
    expect((await upgrade("/sync/inbox/other", demoCookie)).status).toBe(403);
    expect((await upgrade(`/sync/inbox/other?token=${demoToken}`)).status).toBe(403);
  });

  it("refuses a draft of a conversation that is not in the workspace with 403", async () => {
    expect((await upgrade("/sync/draft/c-nope", demoCookie)).status).toBe(403);
  });

  it("does not let a valid cookie lift a refused token", async () => {
    expect((await upgrade(`/sync/inbox/demo?token=${otherToken}`, demoCookie)).status).toBe(403);
  });

  it("refuses the cookie of a session that signed out with 401", async () => {
    const cookie = await signIn(server.url, "ben@demo.example");
    await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect((await upgrade("/sync/inbox/demo", cookie)).status).toBe(401);
  });

  it.each([
    "/sync/",
    "/sync/inbox",
    "/sync/inbox/",
    "/sync/inbox/demo/extra",
    "/sync/outbox/demo",
    "/sync/inbox/de%20mo",
    "/sync/inbox/..%2F..%2Fetc",
    `/sync/draft/${"x".repeat(201)}`,
    "/sync/inbox/%E0%A4%A",
  ])("answers the malformed document name %s with 404", async (path) => {
    expect(await upgrade(path, demoCookie)).toEqual({ status: 404, body: "", opened: false });
  });

  it("checks the document name before the credentials", async () => {
    expect((await upgrade("/sync/nonsense")).status).toBe(404);
  });
});

describe("upgrades elsewhere", () => {
  it("answers an upgrade on an unknown path with 404 instead of leaving it open, and keeps serving", async () => {
    // Left unanswered, such a socket also kept server.close() in afterAll waiting for good.
    expect(await upgrade("/not-a-websocket-endpoint", demoCookie)).toEqual({ status: 404, body: "", opened: false });
    expect((await upgrade("/synchronise/inbox/demo")).status).toBe(404);
    await expectHealthy();
  });

  it("survives a client that sends an upgrade without a WebSocket key and hangs up at once", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = createConnection(server.port, "127.0.0.1", () => {
        socket.end(
          "GET /sync/inbox/demo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        );
      });
      socket.on("error", reject);
      socket.on("close", () => resolve());
      socket.resume();
    });
    await expectHealthy();
  });

  it("still serves HTTP after a burst of refused upgrades", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => upgrade(i % 2 ? "/sync/inbox/demo" : `/sync/inbox/demo?token=${otherToken}`)),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([...Array(10).fill(401), ...Array(10).fill(403)]);
    await expectHealthy();
  });
});
