import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { EVAL_DIRS } from "../evals/paths";

/** The environment Tandem reads, parsed once at start; nothing else reads `process.env`. */
const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  TANDEM_DB: z.string().min(1).default("./data/tandem.db"),
  TANDEM_SEED: z.enum(["demo", "none"]).default("demo"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  TANDEM_AI_PROVIDER: z.enum(["local", "openai"]).default("local"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  TANDEM_AI_MODEL: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(2525),
  /** Where email replies go out, e.g. smtp://user:pass@relay:587; without it they stay in the outbox. */
  SMTP_RELAY_URL: z.string().regex(/^smtps?:\/\//, "SMTP_RELAY_URL must start with smtp:// or smtps://").optional(),
  /** The address customers reach Tandem at, for links in emails (CSAT); defaults to http://localhost:PORT. */
  TANDEM_PUBLIC_URL: z.url().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** Where `tandem evals` writes its reports and run history, and the eval page reads them. */
  TANDEM_EVALS_REPORTS: z.string().min(1).optional(),
  /** Where the committed eval baselines live. */
  TANDEM_EVALS_BASELINES: z.string().min(1).optional(),
});

export type TandemConfig = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new ConfigError(`Tandem cannot start, the environment is invalid:\n${problems}`);
  }
  const e = parsed.data;
  const databasePath = resolve(e.TANDEM_DB);
  return {
    port: e.PORT,
    databasePath,
    seed: e.TANDEM_SEED,
    sessionSecret: e.SESSION_SECRET ?? storedSessionSecret(databasePath),
    ai: {
      provider: e.TANDEM_AI_PROVIDER,
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.TANDEM_AI_MODEL },
    },
    smtpPort: e.SMTP_PORT,
    smtpRelayUrl: e.SMTP_RELAY_URL,
    publicUrl: e.TANDEM_PUBLIC_URL,
    mode: e.NODE_ENV === "development" ? ("development" as const) : ("production" as const),
    evals: { reportsDir: resolve(e.TANDEM_EVALS_REPORTS ?? EVAL_DIRS.reports), baselinesDir: resolve(e.TANDEM_EVALS_BASELINES ?? EVAL_DIRS.baselines) },
  };
}

/** Generated on first start and kept beside the database, so sessions survive restarts. */
function storedSessionSecret(databasePath: string): string {
  const file = join(dirname(databasePath), ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
