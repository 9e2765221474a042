import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnTandem, type TandemProcess } from "../support/spawn-tandem";

const dir = mkdtempSync(join(tmpdir(), "tandem-production-"));
let tandem: TandemProcess | undefined;
afterAll(async () => {
  tandem?.child.kill("SIGKILL");
  await tandem?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe("a production server", () => {
  it("renders with production React when NODE_ENV is not set, as under npm start", async () => {
    tandem = await spawnTandem(join(dir, "tandem.db"), { NODE_ENV: undefined });
    expect(tandem.react).toBe("production");
    const login = await fetch(`http://127.0.0.1:${tandem.port}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Sign in");
  });
});
