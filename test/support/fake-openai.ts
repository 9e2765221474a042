/**
 * An OpenAI-compatible chat completions server on 127.0.0.1, for the tests of
 * the `openai` provider: it records every request it receives and answers
 * each with the next scripted reply (a message, a stream, or an error status),
 * or, with no reply queued, with what its responder makes of the request.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply =
  | { kind: "message"; content: string }
  | { kind: "stream"; pieces: string[]; failAfter?: number }
  | { kind: "status"; status: number; body?: unknown };

export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
    [key: string]: unknown;
  };
}

export interface FakeOpenAi {
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Queues replies, answered in order; with the queue empty, the responder answers, or else the server answers 500. */
  reply(...replies: ScriptedReply[]): void;
  /** Answers every request the queue does not, from the request itself (a whole eval run's worth). */
  respond(responder: ((body: ReceivedRequest["body"]) => ScriptedReply) | undefined): void;
  /** Forgets the requests and any replies still queued. */
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const completion = (model: string, content: string) => ({
  id: `chatcmpl-${Date.now()}`,
  object: "chat.completion",
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

const chunk = (model: string, content: string | null, finish: string | null = null) => ({
  id: "chatcmpl-stream",
  object: "chat.completion.chunk",
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
});

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: ReceivedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let responder: ((body: ReceivedRequest["body"]) => ScriptedReply) | undefined;
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await readBody(request)) || "{}") as ReceivedRequest["body"];
    requests.push({ path: request.url ?? "", authorization: request.headers.authorization, body });
    const next = queue.shift() ?? responder?.(body) ?? { kind: "status", status: 500, body: { error: { message: "no scripted reply" } } };
    if (next.kind === "status") {
      // Retry quickly: the SDK honours retry-after-ms.
      response.writeHead(next.status, { "content-type": "application/json", "retry-after-ms": "10", "retry-after": "0" });
      response.end(JSON.stringify(next.body ?? { error: { message: `status ${next.status}`, type: "server_error" } }));
      return;
    }
    if (next.kind === "message") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(completion(body.model, next.content)));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    for (const [index, piece] of next.pieces.entries()) {
      if (next.failAfter !== undefined && index >= next.failAfter) {
        response.destroy(); // the connection drops mid-answer
        return;
      }
      response.write(`data: ${JSON.stringify(chunk(body.model, piece))}\n\n`);
    }
    response.write(`data: ${JSON.stringify(chunk(body.model, null, "stop"))}\n\n`);
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    respond: (answer) => {
      responder = answer;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      responder = undefined;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
