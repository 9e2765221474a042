/**
 * A real Tandem in its own process (see spawn-tandem.ts): `TANDEM_DB` names
 * the SQLite file (seeded with the demo workspace when empty). Prints one JSON
 * line {port, token, react} once listening, the token being an API token of
 * "demo" and `react` the build of React the app renders with.
 */
import { createRequire } from "node:module";
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
const loaded = Object.keys(createRequire(import.meta.url).cache);
const react = loaded.some((path) => /react-dom-server[^/]*production/.test(path)) ? "production" : "development";
process.stdout.write(`${JSON.stringify({ port: tandem.port, token, react })}\n`);
