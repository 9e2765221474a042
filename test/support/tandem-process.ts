/**
 * A real Tandem in its own process, for tests that crash it: `TANDEM_DB` names
 * the SQLite file (seeded with the demo workspace when empty). Prints one JSON
 * line {port, token} once listening, the token being an API token of "demo".
 */
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../../server/config.server";
import { startTandem } from "../../server/tandem.server";

const tandem = await startTandem(
  loadConfig({
    PORT: "0",
    TANDEM_DB: process.env.TANDEM_DB!,
    TANDEM_SEED: "demo",
    SESSION_SECRET: "test-secret-with-enough-length",
    NODE_ENV: "production",
    SMTP_PORT: "0",
  }),
  () => {},
);
const token = createApiToken(tandem.db, findWorkspaceBySlug(tandem.db, "demo")!.id, "crash test");
process.stdout.write(`${JSON.stringify({ port: tandem.port, token })}\n`);
