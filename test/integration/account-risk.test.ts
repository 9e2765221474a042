import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, openDatabase } from "../../db/connection.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { seedDemoWorkspace } from "../../server/demo-seed.server";
import { listAccountRisk } from "../../server/account-risk.server";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("the at-risk accounts list", () => {
  it("surfaces the demo's churn risk, day-12 trial and silent account on its own, riskiest first", () => {
    const workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
    const accounts = listAccountRisk(server.db, workspaceId, new Date());
    const top = accounts.slice(0, 3).map((account) => account.externalId);
    expect(top.sort()).toEqual(["bluefin", "copperleaf", "pinecrest"]);
    expect(accounts.map((account) => account.health.score)).toEqual([...accounts.map((account) => account.health.score)].sort((a, b) => a - b));
    const silent = accounts.find((account) => account.externalId === "copperleaf")!;
    expect(silent.health.band).toBe("at-risk");
    expect(silent.health.reasons.map((reason) => reason.text).join(" ")).toMatch(/Usage down \d+%|No login for \d+ days/);
    const trial = accounts.find((account) => account.externalId === "pinecrest")!;
    expect(trial.usage?.trialDay).toBeGreaterThanOrEqual(12);
    expect(trial.health.reasons[0]!.text).toMatch(/^Trial/);
  });

  it("tells the same story whichever day of the week the demo is seeded and read", async () => {
    // The demo is timed from the latest Monday 08:00 UTC; its product usage must not seem to fall as the week goes on.
    for (const at of ["2026-11-23T09:00:00Z", "2026-11-27T15:00:00Z", "2026-11-29T23:00:00Z"]) {
      const now = new Date(at);
      const dir = mkdtempSync(join(tmpdir(), "tandem-risk-week-"));
      const db = openDatabase(join(dir, "tandem.db"));
      try {
        await seedDemoWorkspace(db, now);
        const top = listAccountRisk(db, findWorkspaceBySlug(db, "demo")!.id, now).slice(0, 3);
        expect(top.map((account) => account.externalId).sort(), at).toEqual(["bluefin", "copperleaf", "pinecrest"]);
      } finally {
        closeDatabase(db);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("moves an account up when its customer writes in anger, without anyone rebuilding the list", () => {
    const workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
    const before = listAccountRisk(server.db, workspaceId, new Date()).find((account) => account.externalId === "atlas")!;
    server.services.receive(workspaceId, {
      channel: "email",
      channelMessageId: "<angry@atlas.example>",
      contact: { name: "Ravi Atlas", email: "ravi@atlasrobotics.example" },
      account: { id: "atlas" },
      subject: "This is unacceptable",
      text: "This is unacceptable. Nothing works and we are looking at alternatives. Cancel our trial if this is how it goes.",
      sentAt: new Date(),
    });
    const after = listAccountRisk(server.db, workspaceId, new Date()).find((account) => account.externalId === "atlas")!;
    expect(after.health.score).toBeLessThan(before.health.score);
    expect(after.health.reasons.map((reason) => reason.text)).toContain("Spoke of cancelling, refunds or alternatives");
  });
});
