import { z } from "zod";
import { createApiToken } from "../../db/api-tokens.server";
import { closeDatabase, openDatabase } from "../../db/connection.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../config.server";
import { CommandError, parseCommandArgs, printJson, UsageError, workspaceSlugOption, type Command } from "./command";

const TokenName = z.string().trim().min(1, "--name is required").max(100, "--name is at most 100 characters");

export const tokenCommand: Command = {
  name: "token",
  summary: "Create an API token: token create --workspace SLUG --name NAME",
  help: `Usage: tandem token create --workspace SLUG --name NAME

Creates an API token for the workspace and prints it once as {"token": "…"}.
Only a hash is stored: keep the token, it cannot be shown again. Send it as
\`Authorization: Bearer TOKEN\` to the HTTP API, or as ?token= to the sync endpoint.`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      workspace: { type: "string", short: "w" },
      name: { type: "string", short: "n" },
    });
    if (positionals[0] !== "create" || positionals.length !== 1) throw new UsageError('The only token action is "create".');
    if (!values.workspace) throw new UsageError("--workspace is required.");
    const slug = workspaceSlugOption(values.workspace);
    const name = TokenName.safeParse(values.name ?? "");
    if (!name.success) throw new UsageError(name.error.issues[0]!.message);

    const databasePath = loadConfig(io.env).databasePath;
    const db = openDatabase(databasePath);
    try {
      const workspace = findWorkspaceBySlug(db, slug);
      if (!workspace) throw new CommandError(`No workspace "${slug}" in ${databasePath}.`);
      printJson(io, { token: createApiToken(db, workspace.id, name.data) });
    } finally {
      closeDatabase(db);
    }
  },
};
