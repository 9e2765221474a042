/**
 * The CSAT survey sent when a conversation closes: five one-click links, one
 * per score, on the conversation's own channel. This module creates the survey
 * and writes the message; the channel delivery is the caller's.
 */
import { and, asc, eq, isNotNull, lte, notExists, sql } from "drizzle-orm";
import type { TandemDatabase } from "../../db/connection.server";
import { CSAT_SCORE_LABELS } from "../../db/csat";
import { createCsatSurvey, findUnansweredSurvey, newCsatToken } from "../../db/csat.server";
import { findConversation } from "../../db/conversations.server";
import type { Channel } from "../../db/interchange";
import { CSAT_SCORES, type CsatScore } from "../../db/report-math";
import { contacts, conversations, csatSurveys, workspaces } from "../../db/schema";

export interface CsatLink {
  score: CsatScore;
  label: string;
  url: string;
}

/** `${baseUrl}/csat/<token>?score=N` for each score, best first as customers read them. */
export function csatLinks(baseUrl: string, token: string): CsatLink[] {
  const root = baseUrl.replace(/\/+$/, "");
  return [...CSAT_SCORES].reverse().map((score) => ({
    score,
    label: CSAT_SCORE_LABELS[score],
    url: `${root}/csat/${encodeURIComponent(token)}?score=${score}`,
  }));
}

export interface CsatMessageInput {
  baseUrl: string;
  token: string;
  channel: Channel;
  workspaceName: string;
  contactName?: string | null;
  subject?: string | null;
}

/**
 * The survey as the customer reads it. Email gets a greeting and a sign-off;
 * chat and Slack get a short prompt. Plain text: every channel links bare URLs.
 */
export function buildCsatMessageText(input: CsatMessageInput): string {
  const links = csatLinks(input.baseUrl, input.token);
  const firstName = input.contactName?.trim().split(/\s+/)[0];
  if (input.channel === "email") {
    const about = input.subject?.trim() ? ` about "${input.subject.trim()}"` : "";
    return [
      firstName ? `Hi ${firstName},` : "Hi,",
      `We've closed your conversation${about}. How did we do? One click is all it takes:`,
      links.map((link) => `${link.score} – ${link.label}: ${link.url}`).join("\n"),
      "You can add a comment after you click, if you like. Replying to this email reopens the conversation.",
      `Thank you,\n${input.workspaceName}`,
    ].join("\n\n");
  }
  return [
    `Thanks for contacting ${input.workspaceName}! How did we do? Tap a score:`,
    links.map((link) => `${link.score} ${link.label}: ${link.url}`).join("\n"),
  ].join("\n");
}

export interface CsatDependencies {
  db: TandemDatabase;
  /** Where customers reach Tandem, e.g. config.publicUrl ?? the server's own URL; no trailing slash needed. */
  baseUrl: string;
  now?: () => Date;
}

export type SendCsatResult =
  | {
      /** "existing": the conversation already had an unanswered survey, which is sent again rather than a second one. */
      status: "created" | "existing";
      surveyId: number;
      token: string;
      channel: Channel;
      links: CsatLink[];
      text: string;
    }
  | { status: "not_found" };

/**
 * Creates the CSAT survey for a conversation (by its public id, "c-1042") and
 * returns the message to send on its channel. Calling it twice before the
 * customer answers reuses the same survey, so a repeated close hook does not
 * leave two surveys behind.
 */
export function sendCsatSurvey(deps: CsatDependencies, workspaceId: number, conversationId: string): SendCsatResult {
  const conversation = findConversation(deps.db, workspaceId, conversationId);
  if (!conversation) return { status: "not_found" };
  const now = deps.now?.() ?? new Date();
  const existing = findUnansweredSurvey(deps.db, conversation.id);
  const survey = existing ?? createCsatSurvey(deps.db, { workspaceId, conversationId: conversation.id, sentAt: now });
  const workspace = deps.db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId)).get();
  const contact = conversation.contactId
    ? deps.db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, conversation.contactId)).get()
    : undefined;
  return {
    status: existing ? "existing" : "created",
    surveyId: survey.id,
    token: survey.token,
    channel: conversation.channel,
    links: csatLinks(deps.baseUrl, survey.token),
    text: buildCsatMessageText({
      baseUrl: deps.baseUrl,
      token: survey.token,
      channel: conversation.channel,
      workspaceName: workspace?.name ?? "our support team",
      contactName: contact?.name,
      subject: conversation.subject,
    }),
  };
}

const MINUTE = 60_000;

/**
 * The demo's answers, by the order its closed conversations closed in: mostly
 * 4s and 5s, a 3, one 2 (the 14th, Bluefin's repeat of the duplicate
 * opportunities) and two surveys nobody answered.
 */
const DEMO_ANSWERS: ({ score: CsatScore; comment?: string } | null)[] = [
  { score: 5 },
  { score: 4 },
  { score: 5, comment: "Ana made the onboarding session easy to book." },
  { score: 5, comment: "The cohort dashboard was exactly what we needed." },
  { score: 4 },
  { score: 4 },
  { score: 5 },
  null,
  { score: 5 },
  { score: 4 },
  { score: 3, comment: "Helpful answer, but it took most of the day." },
  { score: 5 },
  null,
  { score: 2, comment: "Fixed again, but this is the second time. Please make it stick." },
  { score: 5 },
];

/**
 * Demo history for Reports: a survey for each closed conversation that has
 * none, sent two minutes after the close and (mostly) answered within hours.
 * Deterministic apart from the tokens; idempotent. Call it from the demo seed
 * with the seeded workspace's id.
 */
export function seedDemoCsat(db: TandemDatabase, workspaceId: number, now = new Date()): { sent: number; answered: number } {
  const closed = db
    .select({ id: conversations.id, closedAt: conversations.closedAt })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.status, "closed"),
        isNotNull(conversations.closedAt),
        lte(conversations.closedAt, now),
        notExists(
          db.select({ one: sql`1` }).from(csatSurveys).where(eq(csatSurveys.conversationId, conversations.id)),
        ),
      ),
    )
    .orderBy(asc(conversations.closedAt), asc(conversations.id))
    .all();
  let answered = 0;
  db.transaction((tx) => {
    closed.forEach((conversation, index) => {
      const sentAt = new Date(conversation.closedAt!.getTime() + 2 * MINUTE);
      const answer = DEMO_ANSWERS[index % DEMO_ANSWERS.length];
      // Between 25 minutes and about 5 hours later; never in the future.
      const respondedAt = new Date(sentAt.getTime() + (25 + ((index * 67) % 280)) * MINUTE);
      const answeredNow = answer && respondedAt.getTime() <= now.getTime();
      tx.insert(csatSurveys)
        .values({
          workspaceId,
          conversationId: conversation.id,
          token: newCsatToken(),
          sentAt,
          score: answeredNow ? answer.score : null,
          comment: answeredNow ? (answer.comment ?? null) : null,
          respondedAt: answeredNow ? respondedAt : null,
        })
        .run();
      if (answeredNow) answered++;
    });
  });
  return { sent: closed.length, answered };
}
