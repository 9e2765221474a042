import { ConfigError, loadConfig } from "./config.server";
import { DEMO_PASSWORD } from "./demo-seed.server";
import { startTandem } from "./tandem.server";

/** `npm start`: one process, one port, stops cleanly on SIGINT and SIGTERM. */
async function main() {
  const config = loadConfig();
  const tandem = await startTandem(config);
  console.log(`Tandem is running at ${tandem.url}`);
  console.log(`Database: ${config.databasePath}`);
  if (config.seed === "demo") {
    console.log(
      `Demo workspace "demo" (demo only): sign in with password "${DEMO_PASSWORD}" as\n` +
        "  maya@demo.example (manager)\n  ana@demo.example, ben@demo.example, chloe@demo.example (reps)",
    );
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing connections and checkpointing the database…`);
    tandem.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
