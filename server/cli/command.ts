import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad usage: exit 2, with the command's help. */
export class UsageError extends Error {}
/** The command ran and failed: exit 1. */
export class CommandError extends Error {}

export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], io: CommandIO): Promise<void>;
}

/** Where a command writes: JSON results to `out`, progress and logs to `err`. */
export interface CommandIO {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export function printJson(io: CommandIO, value: unknown): void {
  io.out.write(JSON.stringify(value) + "\n");
}

/** node:util parseArgs, with its errors turned into usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const WORKSPACE_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function workspaceSlugOption(value: string | undefined): string {
  const slug = value ?? "demo";
  if (!WORKSPACE_SLUG.test(slug)) throw new UsageError(`"${slug}" is not a workspace slug (lower-case letters, digits and dashes).`);
  return slug;
}
