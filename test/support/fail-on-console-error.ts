import { afterEach, beforeEach, vi } from "vitest";

/** An error logged during a test is a bug the test did not assert on: fail it. */
let logged: unknown[][] = [];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (logged.length) throw new Error(`console.error was called:\n${logged.map((args) => args.join(" ")).join("\n")}`);
});
