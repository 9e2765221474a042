import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../server/config.server";
import { startTandem, type RunningTandem } from "../../server/tandem.server";

export interface TestServer extends RunningTandem {
  /** The temporary folder holding this server's SQLite file. */
  dir: string;
}

/**
 * A real Tandem on a random port with its own SQLite file in a temporary
 * folder, seeded with the demo workspace unless told otherwise.
 */
export async function startTestServer(
  options: { seed?: "demo" | "none"; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "tandem-test-"));
  const config = loadConfig({
    PORT: "0",
    TANDEM_DB: join(dir, "tandem.db"),
    TANDEM_SEED: options.seed ?? "demo",
    SESSION_SECRET: "test-secret-with-enough-length",
    NODE_ENV: "production",
    SMTP_PORT: "0",
    ...options.env,
  });
  const tandem = await startTandem(config, () => {});
  return {
    ...tandem,
    dir,
    close: async () => {
      await tandem.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the real login form and returns the session cookie to send back. */
export async function signIn(baseUrl: string, email: string, password = "tandem-demo"): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
  return cookie.split(";")[0]!;
}
