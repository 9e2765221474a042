#!/usr/bin/env node
// The `tandem` command: loads the TypeScript entry point through tsx.
import { register } from "tsx/esm/api";

register();
const { runTandemCli } = await import("./main.ts");
process.exitCode = await runTandemCli(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  env: process.env,
});
