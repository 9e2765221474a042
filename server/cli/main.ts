import { ConfigError } from "../config.server";
import { CommandError, UsageError, type Command, type CommandIO } from "./command";
import { aiCommand } from "./ai-command";
import { evalsCommand } from "./evals-command";
import { exportCommand } from "./export-command";
import { importCommand } from "./import-command";
import { tokenCommand } from "./token-command";

const COMMANDS: Command[] = [importCommand, exportCommand, tokenCommand, aiCommand, evalsCommand];

const USAGE = `Usage: tandem COMMAND [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`).join("\n")}

Run \`tandem COMMAND --help\` for a command's options. The database is TANDEM_DB
(default ./data/tandem.db). Results are JSON on stdout; progress goes to stderr.
Exit codes: 0 success, 1 failure, 2 bad usage.`;

/** Runs one command line and returns its exit code; never throws. */
export async function runTandemCli(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out.write(USAGE + "\n");
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err.write(`tandem: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out.write(command.help + "\n");
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`tandem ${name}: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    const message = error instanceof CommandError || error instanceof ConfigError ? error.message : String(error);
    io.err.write(`tandem ${name}: ${message}\n`);
    return 1;
  }
}
