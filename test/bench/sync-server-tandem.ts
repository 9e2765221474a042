/**
 * The sync benchmark's Tandem: a real server (startTandem, production mode) on
 * a new SQLite file in BENCH_SYNC_DIR, seeded with the demo workspace, whose
 * sync endpoint persists the inbox document in that file. Prints one JSON line
 * {port, token} once listening; the token is an API token of workspace "demo".
 */
import { join } from "node:path";
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../../server/config.server";
import { startTandem } from "../../server/tandem.server";
import { exitWithParent, printLine } from "./sync-shared";

const dir = process.env.BENCH_SYNC_DIR;
if (!dir) throw new Error("BENCH_SYNC_DIR is required");
const config = loadConfig({
  PORT: "0",
  TANDEM_DB: join(dir, "tandem.db"),
  TANDEM_SEED: "demo",
  SMTP_PORT: "0",
  SESSION_SECRET: "sync-benchmark-session-secret-long-enough",
  NODE_ENV: "production",
});
const tandem = await startTandem(config, (line) => console.error(line));
const stop = () => tandem.close();
exitWithParent(stop);
process.on("SIGTERM", () => void stop().finally(() => process.exit(0)));
const workspace = findWorkspaceBySlug(tandem.db, "demo");
if (!workspace) throw new Error("the demo workspace was not seeded");
printLine({ port: tandem.port, token: createApiToken(tandem.db, workspace.id, "sync benchmark") });
