import { ensureRemixBuild } from "../../server/remix-app.server";

/**
 * Builds the web app once, before any worker starts a server: each worker's
 * startTestServer() then finds an up-to-date build instead of racing to make one.
 */
export default function globalSetup(): void {
  ensureRemixBuild();
}
