/**
 * Starts a real Tandem in its own process (tandem-process.ts) on a database
 * file, for tests that kill it or that need a process environment of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface TandemProcess {
  port: number;
  /** An API token of the demo workspace. */
  token: string;
  /** The build of React the app renders with. */
  react: "production" | "development";
  child: ChildProcess;
  exited: Promise<void>;
}

/** Resolves once it listens. `env` is added to this process's environment; an undefined value removes a variable. */
export async function spawnTandem(databasePath: string, env: Record<string, string | undefined> = {}): Promise<TandemProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "tandem-process.ts")], {
    env: { ...process.env, TANDEM_DB: databasePath, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (text) => text.startsWith("{") && resolve(text));
      child.once("exit", (code) => reject(new Error(`Tandem exited (${code}) before listening`)));
    });
    return { ...(JSON.parse(line) as Pick<TandemProcess, "port" | "token" | "react">), child, exited };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}
