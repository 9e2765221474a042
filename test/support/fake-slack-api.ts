import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedSlackRequest {
  /** The Web API method, e.g. "chat.postMessage". */
  method: string;
  httpMethod: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The JSON body (POST) or the query parameters (GET). */
  body: Record<string, unknown>;
}

/** How the next calls fail: Slack's `ok: false`, an HTTP status, or no answer at all. */
export type SlackFailure = { error: string } | { status: number } | "hang";

export interface FakeSlackApi {
  /** The API base URL to configure as a connection's `apiBaseUrl`: `http://127.0.0.1:PORT/api`. */
  url: string;
  requests: RecordedSlackRequest[];
  /** The recorded chat.postMessage calls. */
  postedMessages(): RecordedSlackRequest[];
  /** Makes the next `times` calls of `method` fail as told. */
  failNext(times: number, failure: SlackFailure, method?: string): void;
  /** Forgets the failures still queued. */
  clearFailures(): void;
  /** Names users.info answers with. */
  users: Map<string, { realName?: string; displayName?: string }>;
  close(): Promise<void>;
}

/**
 * A Slack Web API stand-in on loopback: chat.postMessage and users.info, each
 * request recorded with its Authorization header and body.
 */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const requests: RecordedSlackRequest[] = [];
  const failures: { method: string; remaining: number; failure: SlackFailure }[] = [];
  const users = new Map<string, { realName?: string; displayName?: string }>();
  const hanging = new Set<ServerResponse>();
  let posted = 0;

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = url.pathname.replace(/^\/api\//, "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = { unparsed: raw };
      }
    }
    requests.push({
      method,
      httpMethod: req.method ?? "",
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body,
    });

    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(json));
    };
    const failing = failures.find((f) => f.method === method && f.remaining > 0);
    if (failing) {
      failing.remaining--;
      if (failing.failure === "hang") {
        hanging.add(res);
        return;
      }
      if ("status" in failing.failure) return send(failing.failure.status, { ok: false, error: "server_error" });
      return send(200, { ok: false, error: failing.failure.error });
    }
    if (!req.headers.authorization?.startsWith("Bearer xoxb-")) return send(200, { ok: false, error: "not_authed" });

    switch (method) {
      case "chat.postMessage": {
        if (typeof body.channel !== "string" || !body.channel) return send(200, { ok: false, error: "channel_not_found" });
        if (typeof body.text !== "string" || !body.text) return send(200, { ok: false, error: "no_text" });
        const ts = `${1_700_000_000 + ++posted}.000100`;
        return send(200, { ok: true, channel: body.channel, ts, message: { text: body.text, thread_ts: body.thread_ts } });
      }
      case "users.info": {
        const user = users.get(String(body.user));
        if (!user) return send(200, { ok: false, error: "user_not_found" });
        return send(200, {
          ok: true,
          user: { id: body.user, real_name: user.realName, profile: { real_name: user.realName, display_name: user.displayName } },
        });
      }
      default:
        return send(404, { ok: false, error: "unknown_method" });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    postedMessages: () => requests.filter((r) => r.method === "chat.postMessage"),
    failNext(times, failure, method = "chat.postMessage") {
      failures.push({ method, remaining: times, failure });
    },
    clearFailures() {
      failures.length = 0;
    },
    users,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The headers Slack signs a request with (v0: HMAC-SHA256 of `v0:{timestamp}:{body}`),
 * computed here independently of the server's own code. `timestamp` is in seconds.
 */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return {
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": `v0=${signature}`,
  };
}
