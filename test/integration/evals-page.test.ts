import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../evals/history.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let history: string;
let maya: string;
let ana: string;

const entry = (runId: string, at: string, draft: string, overall: number, passed: boolean, updatedBaseline = false): HistoryEntry => ({
  runId,
  at,
  provider: "local",
  model: "tandem-local-1",
  judge: "local:tandem-local-1",
  prompts: { [draft]: draft.endsWith("v2") ? "b".repeat(64) : "a".repeat(64), "summarize@v1": "c".repeat(64) },
  rubricVersion: 1,
  passed,
  updatedBaseline,
  durationMs: 2_000,
  scores: { "drafts.overall@heldout": overall, "judge.kappa_mean@heldout": 0.745, "merges.precision@heldout": 1 },
});

beforeAll(async () => {
  history = mkdtempSync(join(tmpdir(), "tandem-eval-history-"));
  const [reports, baselines] = [join(history, "reports"), join(history, "baselines")];
  server = await startTestServer({ env: { TANDEM_EVALS_REPORTS: reports, TANDEM_EVALS_BASELINES: baselines } });
  const line = (value: HistoryEntry) => `${JSON.stringify(value)}\n`;
  mkdirSync(baselines);
  mkdirSync(reports);
  // The accepted baseline is in both files, as a run with --update-baseline leaves it; a broken line is skipped.
  writeFileSync(join(baselines, "history.jsonl"), line(entry("run-accepted", "2026-03-01T09:00:00.000Z", "draft-reply@v1", 4.81, true, true)));
  writeFileSync(
    join(reports, "history.jsonl"),
    line(entry("run-accepted", "2026-03-01T09:00:00.000Z", "draft-reply@v1", 4.81, true, true)) +
      line(entry("run-worse", "2026-03-02T09:00:00.000Z", "draft-reply@v2", 3.42, false)) +
      "{ not a history line\n",
  );
  [maya, ana] = await Promise.all([signIn(server.url, "maya@demo.example"), signIn(server.url, "ana@demo.example")]);
});
afterAll(async () => {
  await server.close();
  rmSync(history, { recursive: true, force: true });
});

describe("the eval history page", () => {
  it("shows a manager every run once, newest first, with its prompt versions, gate and scores", async () => {
    const response = await fetch(`${server.url}/evals`, { headers: { cookie: maya } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Evals</h1>");
    // Newest first: the failed run with the new prompt version, then the accepted baseline.
    const table = html.slice(html.indexOf('aria-label="Runs"'), html.indexOf('aria-label="Prompt versions"'));
    const failed = table.indexOf("draft-reply@v2");
    const accepted = table.indexOf("draft-reply@v1");
    expect(failed).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(failed);
    expect(table).toContain("<strong>draft-reply@v2</strong>");
    expect(table).toContain("3.42");
    expect(table).toContain("4.81");
    expect(table.match(/<tr>/g)).toHaveLength(3);
    expect(table.match(/>failed</g)).toHaveLength(1);
    expect(table.match(/>baseline</g)).toHaveLength(1);
    expect(html).toMatch(/aria-label="Draft score per run \(held-out\)"/);
    expect(html).toContain('href="/evals"');
  });

  it("is refused to reps, and not in their menu", async () => {
    const response = await fetch(`${server.url}/evals`, { headers: { cookie: ana } });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("Only managers and admins see the evals.");
    expect(html).not.toContain("draft-reply@v2");
    const inbox = await (await fetch(`${server.url}/inbox`, { headers: { cookie: ana } })).text();
    expect(inbox).not.toContain('href="/evals"');
  });
});
