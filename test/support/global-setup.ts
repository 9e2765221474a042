import { ensureRemixBuild } from "../../server/remix-app.server";

/** Builds the web app once before any test starts a server. */
export default function setup() {
  ensureRemixBuild();
}
