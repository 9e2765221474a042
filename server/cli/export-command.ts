import { closeDatabase, openDatabase } from "../../db/connection.server";
import { exportConversations } from "../../db/conversation-export.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../config.server";
import { CommandError, parseCommandArgs, UsageError, workspaceSlugOption, type Command } from "./command";

export const exportCommand: Command = {
  name: "export",
  summary: "Write every conversation of a workspace as JSON Lines",
  help: `Usage: tandem export [--workspace SLUG]

Writes all conversations of the workspace (default "demo") in the interchange
format, one per line, to stdout. \`tandem import\` reads the same format back.`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { workspace: { type: "string", short: "w" } });
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
    const slug = workspaceSlugOption(values.workspace);
    const db = openDatabase(loadConfig(io.env).databasePath);
    try {
      const workspace = findWorkspaceBySlug(db, slug);
      if (!workspace) throw new CommandError(`No workspace "${slug}" in ${loadConfig(io.env).databasePath}.`);
      const conversations = exportConversations(db, workspace.id);
      for (const conversation of conversations) io.out.write(JSON.stringify(conversation) + "\n");
      io.err.write(`Exported ${conversations.length} conversations from "${slug}".\n`);
    } finally {
      closeDatabase(db);
    }
  },
};
