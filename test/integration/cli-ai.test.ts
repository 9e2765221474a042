import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TANDEM = fileURLToPath(new URL("../../server/cli/tandem.mjs", import.meta.url));
let dir: string;

/** Runs the real `tandem` command, as a user would. */
function tandem(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TANDEM, ...args], { env: { ...process.env, TANDEM_DB: join(dir, "unused.db") } }, (error, stdout, stderr) =>
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
    expect((await tandem("ai", "merges")).code).toBe(2);
    expect((await tandem("ai", "guess", "--input", join(dir, "weekend.jsonl"))).code).toBe(2);
    const missing = await tandem("ai", "merges", "--input", join(dir, "missing.jsonl"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Cannot read");
    expect((await tandem("ai", "--help")).stdout).toContain("tandem ai merges --input FILE.jsonl");
  });
});
