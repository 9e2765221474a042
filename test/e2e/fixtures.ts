import { test as base, expect, type ConsoleMessage, type Page } from "@playwright/test";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { startTestServer, type TestServer } from "../support/server";

export const DEMO_PASSWORD = "tandem-demo";

export interface E2EServer extends TestServer {
  /** The seeded demo workspace's id, for reading what the page should show straight from the database. */
  workspaceId: number;
}

interface WorkerFixtures {
  /** Starts one server per spec file, so no spec sees what another left behind. */
  servers: ServerPerFile;
}

interface TestFixtures {
  server: E2EServer;
  /** Signs in through the real login form and waits for the inbox. */
  login: (email: string) => Promise<void>;
  /** Fails the test on uncaught page errors, console errors and broken assets (auto). */
  browserProblems: void;
}

/** Fills and submits the login form already on screen. */
export async function submitLoginForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** An expected 4xx (wrong password, 404 page) makes Chromium log this; it is not a bug. */
const EXPECTED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d/;
/** A navigation superseded by a newer one (a live revalidation racing a click) is aborted by design. */
const SUPERSEDED_NAVIGATION = /^AbortError: signal is aborted without reason/;

/**
 * A worker runs spec files one after another; each file gets a freshly seeded
 * server, started with its first test and closed when the next file begins.
 */
class ServerPerFile {
  private current: { file: string; server: Promise<E2EServer> } | undefined;

  async forFile(file: string): Promise<E2EServer> {
    if (this.current?.file !== file) {
      await this.close();
      this.current = { file, server: startDemoServer() };
    }
    return this.current.server;
  }

  async close(): Promise<void> {
    const closing = this.current?.server.then((server) => server.close());
    this.current = undefined;
    await closing;
  }
}

async function startDemoServer(): Promise<E2EServer> {
  const server = await startTestServer();
  const workspace = findWorkspaceBySlug(server.db, "demo");
  if (!workspace) throw new Error("The test server has no demo workspace.");
  return { ...server, workspaceId: workspace.id };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  servers: [
    async ({}, use) => {
      const servers = new ServerPerFile();
      await use(servers);
      await servers.close();
    },
    { scope: "worker", timeout: 120_000 },
  ],

  // A file's first test starts its server: that time is the fixture's own, not the test's.
  server: [
    async ({ servers }, use, testInfo) => {
      await use(await servers.forFile(testInfo.file));
    },
    { timeout: 60_000 },
  ],

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  login: async ({ page }, use) => {
    await use(async (email) => {
      await page.goto("/login");
      await submitLoginForm(page, email);
      await page.waitForURL((url) => url.pathname === "/inbox" || url.pathname.startsWith("/inbox/"));
    });
  },

  browserProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`Uncaught error: ${error.stack ?? error.message}`));
      page.on("console", (message: ConsoleMessage) => {
        const text = message.text();
        if (message.type() === "error" && !EXPECTED_HTTP_ERROR.test(text) && !SUPERSEDED_NAVIGATION.test(text)) {
          problems.push(`console.error: ${text}`);
        }
      });
      page.on("response", (response) => {
        const type = response.request().resourceType();
        const brokenAsset = response.status() >= 400 && ["stylesheet", "script", "image", "font"].includes(type);
        if (response.status() >= 500 || brokenAsset) problems.push(`HTTP ${response.status()} for ${type} ${response.url()}`);
      });
      await use();
      expect(problems, "the browser reported problems during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
