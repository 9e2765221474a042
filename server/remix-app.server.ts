import { createRequestHandler, type GetLoadContextFunction } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { Router } from "express";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = join(ROOT, "build");
const SERVER_BUILD = join(BUILD_DIR, "server", "index.js");
const STAMP = join(BUILD_DIR, ".source-hash");
/** What the browser and server bundles are made from (routes import server modules too): a change here means a new build. */
const BUILD_INPUTS = ["app", "server", "db", "sync", "ai", "remix.config.js", "vite.config.ts", "package-lock.json"];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((entry) => (entry.name.startsWith(".") ? [] : filesUnder(join(path, entry.name))))
    .sort();
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of BUILD_INPUTS.flatMap((input) => filesUnder(join(ROOT, input)))) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Builds the Remix app when the build is missing or older than its sources; returns whether it built. */
export function ensureRemixBuild(log: (line: string) => void = console.error): boolean {
  const wanted = sourceHash();
  if (existsSync(SERVER_BUILD) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === wanted) return false;
  log("Building the Tandem web app…");
  const cli = createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js");
  // Always the production bundle, whoever asks (a test runner sets NODE_ENV=test, and Vite would then ship development React).
  const result = spawnSync(process.execPath, [cli, "vite:build"], { cwd: ROOT, stdio: ["ignore", 2, 2], env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`The web app build failed (exit ${result.status ?? result.signal}).`);
  writeFileSync(STAMP, wanted);
  return true;
}

export interface RemixApp {
  router: Router;
  close(): Promise<void>;
}

/**
 * Production serves the built app with long-cached assets; development runs
 * Vite as middleware with hot reload on the same HTTP server.
 */
export async function createRemixApp(
  mode: "production" | "development",
  httpServer: Server,
  getLoadContext: GetLoadContextFunction,
): Promise<RemixApp> {
  if (mode === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({
      root: ROOT,
      server: { middlewareMode: true, hmr: { server: httpServer } },
    });
    const router = Router();
    router.use(devServer.middlewares);
    router.all(
      "*",
      createRequestHandler({
        build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
        getLoadContext,
      }),
    );
    return { router, close: () => devServer.close() };
  }
  ensureRemixBuild();
  // React picks its build by NODE_ENV when the app first loads it: left unset, a production server rendered with development React.
  process.env.NODE_ENV ??= "production";
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const router = Router();
  // Asset names carry a content hash, so they can be cached for good.
  router.use("/assets", express.static(join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y" }));
  router.use(express.static(join(BUILD_DIR, "client"), { maxAge: "1h", index: false }));
  router.all("*", createRequestHandler({ build, getLoadContext, mode: "production" }));
  return { router, close: async () => {} };
}
