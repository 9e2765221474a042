import type { Locator, Page } from "@playwright/test";
import { getConversationThread, type ConversationThread } from "../../db/conversations.server";
import { openInbox } from "../support/inbox";
import { CHANNEL_LABELS, formatDuration } from "../../app/lib/format";
import { workspaceRoom } from "../../server/realtime.server";
import { expect, test, type E2EServer } from "./fixtures";

const DAY = 86_400_000;

const inboxList = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const inboxRows = (page: Page) => inboxList(page).getByRole("link");
const contextPanel = (page: Page) => page.getByRole("complementary", { name: "Customer context" });
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/** The value beside a term in the context panel's fact lists ("Plan" → "enterprise"). */
const fact = (panel: Locator, term: string) =>
  panel
    .locator("div")
    .filter({ has: panel.page().getByRole("term").filter({ hasText: exactly(term) }) })
    .getByRole("definition");

function thread(server: E2EServer, publicId: string): ConversationThread {
  const found = getConversationThread(server.db, server.workspaceId, publicId);
  if (!found) throw new Error(`The demo workspace has no ${publicId}.`);
  return found;
}

/**
 * What a clock-dependent label may read: the server rendered it at some moment
 * between `before` and now, so either end of that window is right.
 */
function eitherEnd(before: number, label: (now: number) => string): RegExp {
  const options = new Set([label(before), label(Date.now())]);
  return new RegExp(`^(${[...options].map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);
}

test.describe("inbox", () => {
  test("rows show channel, customer, account and waiting time, longest-waiting first", async ({ page, login, server }) => {
    const before = Date.now();
    await login("ana@demo.example");
    const expected = openInbox(server.db, server.workspaceId);
    const rows = inboxRows(page);
    await expect(rows).toHaveCount(expected.length);

    // One array assertion per column: every row, in the server's order.
    expect(await rows.evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual(
      expected.map((row) => `/inbox/${row.publicId}`),
    );
    await expect(rows.getByTitle(/^(Email|Chat|Slack)$/)).toHaveText(expected.map((row) => CHANNEL_LABELS[row.channel]));
    await expect(rows).toContainText(expected.map((row) => row.contactName ?? "Unknown customer"));
    await expect(rows).toContainText(expected.map((row) => row.accountName ?? ""));
    await expect(rows.getByTitle(/^(Waiting for a reply|Last activity)$/)).toHaveText(
      expected.map((row) => {
        const since = (row.waitingSince ?? row.lastMessageAt).getTime();
        return eitherEnd(before, (now) => formatDuration(now - since));
      }),
    );

    // And on screen, not just in the DOM: the first row's pieces are visible.
    const [top] = expected;
    const first = rows.first();
    await expect(first.getByTitle(CHANNEL_LABELS[top!.channel], { exact: true })).toBeVisible();
    await expect(first.getByText(top!.contactName ?? "Unknown customer", { exact: true })).toBeVisible();
    if (top!.accountName) await expect(first.getByText(top!.accountName, { exact: true })).toBeVisible();
    await expect(first.getByTitle(/^(Waiting for a reply|Last activity)$/)).toBeVisible();
  });

  test("clicking a row opens the whole thread", async ({ page, login, server }) => {
    await login("ana@demo.example");
    const open = openInbox(server.db, server.workspaceId);
    // The longest thread in the inbox, so "every message" means more than one.
    const threads = open.map((row) => thread(server, row.publicId));
    const longest = threads.reduce((a, b) => (b.messages.length > a.messages.length ? b : a));
    const index = open.findIndex((row) => row.publicId === longest.conversation.publicId);
    expect(longest.messages.length).toBeGreaterThan(1);

    await inboxRows(page).nth(index).click();

    await expect(page).toHaveURL((url) => url.pathname === `/inbox/${longest.conversation.publicId}`);
    await expect(inboxRows(page).nth(index)).toHaveAttribute("aria-current", "page");
    const article = page.getByRole("article");
    if (longest.conversation.subject) {
      await expect(article.getByRole("heading", { level: 2 })).toHaveText(longest.conversation.subject);
    }
    const messages = article.getByRole("listitem");
    await expect(messages).toHaveCount(longest.messages.length);
    for (const [i, message] of longest.messages.entries()) {
      await expect(messages.nth(i)).toBeVisible();
      await expect(messages.nth(i)).toContainText(message.authorName);
      await expect(messages.nth(i)).toContainText(message.text);
    }
  });

  test("the inbox fills the window; only the list and the thread scroll", async ({ page, login }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1017");
    await expect(page.getByRole("article")).toBeVisible();

    // Visually hidden row text once escaped the list's scroll box and stretched the page to ~3100px.
    const { scrollHeight, innerHeight } = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight: window.innerHeight,
    }));
    expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
  });

  test("the account panel shows a trial's day", async ({ page, login, server }) => {
    const before = Date.now();
    await login("ana@demo.example");
    const { account, contact } = thread(server, "c-1048");
    if (!account?.trialStartedAt) throw new Error("c-1048 should belong to a trial account.");
    const trialStart = account.trialStartedAt.getTime();

    await page.goto("/inbox/c-1048");

    const panel = contextPanel(page);
    await expect(panel).toContainText("Pinecrest Dental Group");
    await expect(panel).toContainText(contact?.name ?? "");
    await expect(fact(panel, "Plan")).toHaveText("trial");
    // "Day 12" at 08:00 UTC on the seed's Monday; it counts up as the week goes on.
    await expect(fact(panel, "Trial")).toHaveText(
      eitherEnd(before, (now) => `Day ${Math.floor((now - trialStart) / DAY) + 1}`),
    );
  });

  test("the account panel shows an enterprise customer", async ({ page, login }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1017");

    const panel = contextPanel(page);
    await expect(panel).toContainText("Kenji Sato");
    await expect(fact(panel, "Slack user")).toHaveText("U04NW7K2Q");
    await expect(panel).toContainText("Northwind Logistics");
    await expect(fact(panel, "Plan")).toHaveText("enterprise");
    await expect(fact(panel, "MRR")).toHaveText("$4,800");
    await expect(fact(panel, "Seats")).toHaveText("120");
  });

  test("j/k move through the list, Enter opens, Escape returns", async ({ page, login, server }) => {
    await login("ana@demo.example");
    // Shortcuts work once the page is hydrated; the socket going live comes after that.
    await expect(page.getByRole("status")).toHaveText("Live");
    const ids = openInbox(server.db, server.workspaceId).map((row) => row.publicId);
    const rows = inboxRows(page);

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect(rows.nth(2)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL((url) => url.pathname === `/inbox/${ids[2]}`);
    await expect(page.getByRole("article")).toContainText(ids[2]!);

    await page.keyboard.press("k");
    await expect(rows.nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(rows.nth(0)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL((url) => url.pathname === `/inbox/${ids[0]}`);

    await page.keyboard.press("j");
    await expect(rows.nth(1)).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL((url) => url.pathname === "/inbox");
    await expect(page.getByRole("heading", { name: "Pick a conversation" })).toBeVisible();
  });

  test("? opens the shortcuts dialog, Escape closes only the dialog", async ({ page, login }) => {
    await login("ana@demo.example");
    await expect(page.getByRole("status")).toHaveText("Live");
    await page.goto("/inbox/c-1017");
    await expect(page.getByRole("status")).toHaveText("Live");

    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Next conversation");
    await expect(dialog).toContainText("Back to the list");

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL((url) => url.pathname === "/inbox/c-1017");

    await page.getByRole("button", { name: "Shortcuts" }).click();
    await expect(dialog).toBeVisible();
    // While the dialog is up the list shortcuts are off: j does not move, Enter on Close only closes.
    await page.keyboard.press("j");
    await dialog.getByRole("button", { name: "Close" }).focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL((url) => url.pathname === "/inbox/c-1017");

    await page.keyboard.press("?");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("?");
    await expect(dialog).toBeHidden();
  });

  test("an unknown conversation shows the 404 card", async ({ page, login, server }) => {
    await login("ana@demo.example");
    const response = await page.goto("/inbox/c-nope");

    expect(response?.status()).toBe(404);
    const card = page.getByRole("alert");
    await expect(card).toContainText("404");
    await expect(card.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(card).toContainText('No conversation "c-nope" in your workspace.');
    // The inbox around it still works.
    await expect(inboxRows(page)).toHaveCount(openInbox(server.db, server.workspaceId).length);
    await card.getByRole("link", { name: "Back to the inbox" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/inbox");
  });

  test("the live status connects over socket.io, one connection for the whole tab", async ({ page, login, server }) => {
    await login("ana@demo.example");

    await expect(page.getByRole("status")).toHaveText("Live");
    const anasSockets = async () =>
      (await server.io.in(workspaceRoom(server.workspaceId)).fetchSockets()).filter((socket) => socket.data.user.email === "ana@demo.example")
        .length;
    await expect.poll(anasSockets).toBe(1);
    // Opening a conversation keeps the same connection: the status light and the live reloads share it.
    await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first().click();
    await page.waitForURL(/\/inbox\/c-/);
    await expect(page.getByRole("status").first()).toHaveText("Live");
    expect(await anasSockets()).toBe(1);
  });
});
