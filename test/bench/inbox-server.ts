/**
 * The inbox benchmark's server: a real Tandem (startTandem) on an existing
 * SQLite file, in its own process so the load generator does not share its
 * event loop, and so the benchmark can kill it (SIGKILL, a process crash) and
 * then check that every acknowledged message is in the file.
 * Env: BENCH_DB (path), BENCH_SYNCHRONOUS (optional pragma value, e.g. FULL),
 * BENCH_SERVER_MODE (production by default, as deployed: the app is built first
 * when its sources changed; development runs Vite in the server's process).
 * Prints one JSON line {port, token, synchronous} once listening.
 */
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../../server/config.server";
import { startTandem } from "../../server/tandem.server";

const path = process.env.BENCH_DB;
if (!path) throw new Error("BENCH_DB is required");
const config = loadConfig({
  PORT: "0",
  TANDEM_DB: path,
  TANDEM_SEED: "none",
  SMTP_PORT: "0",
  SESSION_SECRET: "inbox-benchmark-session-secret-long-enough",
  NODE_ENV: process.env.BENCH_SERVER_MODE === "development" ? "development" : "production",
});
const tandem = await startTandem(config, (line) => console.error(line));
if (process.env.BENCH_SYNCHRONOUS) tandem.db.$client.pragma(`synchronous = ${process.env.BENCH_SYNCHRONOUS}`);
const workspace = findWorkspaceBySlug(tandem.db, "bench");
if (!workspace) throw new Error("no bench workspace in " + path);
const token = createApiToken(tandem.db, workspace.id, "inbox benchmark");
const synchronous = tandem.db.$client.pragma("synchronous", { simple: true }) as number;
process.stdout.write(JSON.stringify({ port: tandem.port, token, synchronous: ["OFF", "NORMAL", "FULL", "EXTRA"][synchronous] }) + "\n");
process.on("SIGTERM", () => void tandem.close().then(() => process.exit(0)));
