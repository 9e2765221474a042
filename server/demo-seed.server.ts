import { randomBytes } from "node:crypto";
import type { TandemDatabase } from "../db/connection.server";
import { setAccountOwner, upsertAccount } from "../db/accounts.server";
import { createChannelConnection } from "../db/channel-connections.server";
import { importConversations, importUsageEvents } from "../db/conversation-import.server";
import { addKnowledge } from "../db/knowledge.server";
import { InterchangeConversationSchema } from "../db/interchange";
import { BRIGHTPATH_KNOWLEDGE } from "../db/seed/brightpath-knowledge";
import { buildMondayMorning, mondayMorningAnchor } from "../db/seed/monday-morning";
import { createUser, ensureTeam, membersByEmail } from "../db/users.server";
import { createWorkspace } from "../db/workspaces.server";
import { hashPassword } from "./auth/password.server";
import { seedDemoReviews } from "./demo-quality.server";
import { seedDemoCsat } from "./inbox/csat.server";
import { seedDemoSla } from "./sla/demo-sla.server"; // SLA: demo policies, hours and clocks

/** Demo only: the one fixed password in Tandem, printed at start and in the README. */
export const DEMO_PASSWORD = "tandem-demo";

/** The demo workspace's inbound email address. */
export const DEMO_EMAIL_ADDRESS = "support@brightpath.example";

/** The demo workspace's Slack team id (demo only: real workspaces connect their own app and secrets). */
export const DEMO_SLACK_TEAM = "T0BRIGHTPATH";

/**
 * Seeds the "Monday morning" demo workspace through the same import code
 * `tandem import` uses. The story is timed from the latest Monday 08:00 UTC.
 */
export async function seedDemoWorkspace(db: TandemDatabase, now = new Date()) {
  const demo = buildMondayMorning(mondayMorningAnchor(now), now);
  const passwordHashes = await Promise.all(demo.users.map(() => hashPassword(DEMO_PASSWORD)));
  const conversations = demo.conversations.map((conversation) => InterchangeConversationSchema.parse(conversation));

  return db.transaction((tx) => {
    const workspace = createWorkspace(tx, demo.workspace);
    const teamIds = new Map(demo.teams.map((name) => [name, ensureTeam(tx, workspace.id, name)]));
    demo.users.forEach((user, i) =>
      createUser(tx, {
        workspaceId: workspace.id,
        email: user.email,
        name: user.name,
        role: user.role,
        teamId: teamIds.get(user.team),
        passwordHash: passwordHashes[i]!,
      }),
    );
    const members = membersByEmail(tx, workspace.id);
    for (const { ownerEmail, ...account } of demo.accounts) {
      setAccountOwner(tx, upsertAccount(tx, workspace.id, account).id, members.get(ownerEmail) ?? null);
    }
    const imported = importConversations(tx, workspace.id, conversations);
    const usage = importUsageEvents(tx, workspace.id, demo.usageEvents);
    // SLA: a London team's policies, hours and holidays, and a clock on every imported open conversation.
    seedDemoSla(tx, workspace.id, now);
    // CSAT: the answered surveys of the closed demo conversations, for the reports.
    seedDemoCsat(tx, workspace.id, now);
    // Knowledge: what AI drafts may say beyond the conversation and the account.
    for (const snippet of BRIGHTPATH_KNOWLEDGE) addKnowledge(tx, workspace.id, snippet, null);
    // Quality: the past weeks' reviews, pre-scored against the knowledge above and scored by the manager.
    seedDemoReviews(tx, workspace.id, now);
    // Email: mail to this address (SMTP_PORT) lands in the demo inbox.
    createChannelConnection(tx, { workspaceId: workspace.id, channel: "email", externalKey: DEMO_EMAIL_ADDRESS });
    // Slack: the demo's Slack team; its Events API requests are verified with this (random) signing secret.
    createChannelConnection(tx, {
      workspaceId: workspace.id,
      channel: "slack",
      externalKey: DEMO_SLACK_TEAM,
      settings: { signingSecret: randomBytes(32).toString("hex"), botToken: "xoxb-demo" },
    });
    return { workspace, users: demo.users, conversations: imported, usage };
  });
}
