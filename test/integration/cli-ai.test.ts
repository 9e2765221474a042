import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeOpenAi } from "../support/fake-openai";

const TANDEM = fileURLToPath(new URL("../../server/cli/tandem.mjs", import.meta.url));
let dir: string;
// Each case starts the real command (a Node process with tsx): seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

/** Runs the real `tandem` command, as a user would. */
function tandem(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return tandemWith({}, ...args);
}

function tandemWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TANDEM, ...args], { env: { ...process.env, TANDEM_DB: join(dir, "unused.db"), ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const line = (id: string, account: string, subject: string, text: string, at: string) =>
  JSON.stringify({ id, channel: "email", subject, createdAt: at, account: { id: account }, messages: [{ author: "customer", text, at }] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-cli-ai-"));
  writeFileSync(
    join(dir, "weekend.jsonl"),
    [
      line("c-1", "acme", "SSO login loops back to the sign-in page", "Since this morning our Okta SSO login redirects back to the sign-in page in a loop.", "2026-11-21T08:00:00Z"),
      "{ this line is broken",
      line("c-2", "acme", "Can't sign in with Okta", "Okta SSO sends us back to the sign-in page again and again. Nobody can log in.", "2026-11-21T09:10:00Z"),
      line("c-3", "acme", "Question about annual billing", "Could we switch to annual billing at renewal and keep our discount?", "2026-11-21T10:00:00Z"),
    ].join("\n"),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tandem ai summarize", () => {
  it("prints one summary per account with facts and the messages they came from", async () => {
    const result = await tandem("ai", "summarize", "--input", join(dir, "weekend.jsonl"), "--account", "acme");
    expect(result.code).toBe(0);
    const { summaries } = JSON.parse(result.stdout) as {
      summaries: { accountId: string; conversationIds: string[]; summary: string; facts: string[]; evidence: { source: { conversationId: string } }[] }[];
    };
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ accountId: "acme", conversationIds: ["c-1", "c-2", "c-3"] });
    expect(summaries[0]!.summary).toContain("SSO login redirects back to the sign-in page");
    expect(summaries[0]!.facts).toContain("request: Could we switch to annual billing at renewal and keep our discount?");
    expect(summaries[0]!.evidence.length).toBe(summaries[0]!.facts.length);
    expect((await tandem("ai", "summarize", "--input", join(dir, "weekend.jsonl"), "--account", "nobody")).code).toBe(1);
  });
});

describe("tandem ai draft", () => {
  it("drafts with the local provider by default, and with any OpenAI-compatible endpoint by configuration alone", async () => {
    const local = await tandem("ai", "draft", "--input", join(dir, "weekend.jsonl"), "--conversation", "c-1");
    expect(local.code).toBe(0);
    const localDraft = JSON.parse(local.stdout) as Record<string, string>;
    expect(localDraft).toMatchObject({ conversationId: "c-1", provider: "local", model: "tandem-local-1", promptVersion: "draft-reply@v1" });
    expect(localDraft.draft).toContain("I'm sorry: since this morning your Okta SSO login redirects back to the sign-in page in a loop.");

    const fake = await startFakeOpenAi();
    try {
      fake.reply({ kind: "stream", pieces: ["Hi there,\n\n", "I'm sorry about the SSO loop."] });
      const remote = await tandemWith(
        { TANDEM_AI_PROVIDER: "openai", OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: "k", TANDEM_AI_MODEL: "house-model" },
        "ai",
        "draft",
        "--input",
        join(dir, "weekend.jsonl"),
        "--conversation",
        "c-1",
      );
      expect(remote.code).toBe(0);
      expect(JSON.parse(remote.stdout)).toMatchObject({ draft: "Hi there,\n\nI'm sorry about the SSO loop.", provider: "openai", model: "house-model" });
      expect(fake.requests[0]!.body.model).toBe("house-model");
    } finally {
      await fake.close();
    }
  });
});

describe("tandem ai merges", () => {
  it("prints proposals as JSON, and reports the line it could not read without failing", async () => {
    const result = await tandem("ai", "merges", "--input", join(dir, "weekend.jsonl"));
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { proposals: { conversationIds: string[]; confidence: number; reason: string }[] };
    expect(output.proposals).toEqual([{ conversationIds: ["c-1", "c-2"], confidence: expect.any(Number), reason: expect.stringContaining("Same account") }]);
    expect(output.proposals[0]!.confidence).toBeGreaterThan(0.5);
    expect(output.proposals[0]!.confidence).toBeLessThanOrEqual(1);
    expect(result.stderr).toContain("weekend.jsonl:2:");
  });

  it("exits 2 on bad usage and 1 on a file it cannot read", async () => {
    const [noInput, unknownTask, missing, help] = await Promise.all([
      tandem("ai", "merges"),
      tandem("ai", "guess", "--input", join(dir, "weekend.jsonl")),
      tandem("ai", "merges", "--input", join(dir, "missing.jsonl")),
      tandem("ai", "--help"),
    ]);
    expect(noInput.code).toBe(2);
    expect(unknownTask.code).toBe(2);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Cannot read");
    expect(help.stdout).toContain("tandem ai merges --input FILE.jsonl");
  });
});
