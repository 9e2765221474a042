import type { Page } from "@playwright/test";
import { expect, submitLoginForm, test, type E2EServer } from "./fixtures";

type Snapshot = { id: number; status: string; assignee_id: number | null; team_id: number | null; snoozed_until: number | null; snoozed_until_reply: number; closed_at: number | null; priority: string }[];

/** Triage changes the shared demo workspace: put every conversation back as it was after each test. */
let snapshot: Snapshot = [];
test.beforeEach(({ server }) => {
  snapshot = server.db.$client
    .prepare("select id, status, assignee_id, team_id, snoozed_until, snoozed_until_reply, closed_at, priority from conversations")
    .all() as Snapshot;
});
test.afterEach(({ server }) => {
  const restore = server.db.$client.prepare(
    "update conversations set status = ?, assignee_id = ?, team_id = ?, snoozed_until = ?, snoozed_until_reply = ?, closed_at = ?, priority = ? where id = ?",
  );
  server.db.$client.transaction(() => {
    for (const row of snapshot) {
      restore.run(row.status, row.assignee_id, row.team_id, row.snoozed_until, row.snoozed_until_reply, row.closed_at, row.priority, row.id);
    }
  })();
});

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const rows = (page: Page) => list(page).getByRole("link");
const views = (page: Page) => page.getByRole("navigation", { name: "Views" });

const conversation = (server: E2EServer, publicId: string) =>
  server.db.$client.prepare("select status, assignee_id as assigneeId, snoozed_until_reply as untilReply from conversations where public_id = ? and workspace_id = ?").get(publicId, server.workspaceId) as {
    status: string;
    assigneeId: number | null;
    untilReply: number;
  };
const userId = (server: E2EServer, email: string) => (server.db.$client.prepare("select id from users where email = ?").get(email) as { id: number }).id;
const count = (server: E2EServer, where: string) =>
  (server.db.$client.prepare(`select count(*) as n from conversations where workspace_id = ? and ${where}`).get(server.workspaceId) as { n: number }).n;

async function hrefId(page: Page, index: number): Promise<string> {
  const href = await rows(page).nth(index).getAttribute("href");
  return href!.split("?")[0]!.replace("/inbox/", "");
}

test.describe("triage", () => {
  test("keyboard: j selects, a assigns (type to filter, Enter picks Ben), c closes", async ({ page, login, server }) => {
    await login("ana@demo.example");
    await expect(page.getByRole("status")).toHaveText("Live");
    await expect(rows(page)).toHaveCount(count(server, "status = 'open'"));

    await page.keyboard.press("j");
    await expect(rows(page).nth(1)).toBeFocused();
    const id = await hrefId(page, 1);

    await page.keyboard.press("a");
    const menu = page.getByRole("dialog", { name: `Assign ${id}` });
    await expect(menu).toBeVisible();
    await page.keyboard.type("ben");
    await expect(menu.getByRole("option")).toHaveCount(1);
    await expect(menu.getByRole("option")).toContainText("Ben Carter");
    await page.keyboard.press("Enter");
    await expect(menu).toBeHidden();
    await expect.poll(() => conversation(server, id).assigneeId).toBe(userId(server, "ben@demo.example"));
    await expect(rows(page).nth(1)).toContainText("Assigned to Ben Carter");

    // Typing in the search box is typing: no shortcut fires.
    await page.getByRole("searchbox", { name: "Search messages" }).focus();
    await page.keyboard.type("c");
    await page.keyboard.press("Escape");
    expect(conversation(server, id).status).toBe("open");

    await rows(page).nth(1).focus();
    await page.keyboard.press("c");
    await expect.poll(() => conversation(server, id).status).toBe("closed");
    await expect(list(page).locator(`a[href^="/inbox/${id}"]`)).toHaveCount(0);
    await expect(views(page).getByRole("link", { name: /Closed/ })).toContainText(String(count(server, "status = 'closed'")));
  });

  test("s snoozes: 4 picks until the customer replies", async ({ page, login, server }) => {
    await login("ana@demo.example");
    await expect(page.getByRole("status")).toHaveText("Live");
    await page.keyboard.press("j");
    const id = await hrefId(page, 1);
    await page.keyboard.press("s");
    const menu = page.getByRole("dialog", { name: `Snooze ${id} until…` });
    await expect(menu).toBeVisible();
    await page.keyboard.press("4");
    await expect(menu).toBeHidden();
    await expect.poll(() => conversation(server, id)).toMatchObject({ status: "snoozed", untilReply: 1 });
    await views(page).getByRole("link", { name: /Snoozed/ }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText("until reply");
  });

  test("views switch from the sidebar, with counts", async ({ page, login, server }) => {
    await login("ana@demo.example");
    const sidebar = views(page);
    await expect(sidebar.getByRole("link", { name: /All open/ })).toHaveAttribute("aria-current", "page");
    await expect(sidebar.getByRole("link", { name: /Unassigned/ })).toContainText(String(count(server, "status = 'open' and assignee_id is null")));

    await sidebar.getByRole("link", { name: /Closed/ }).click();
    await expect(page).toHaveURL(/\?view=closed$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Closed");
    await expect(rows(page)).toHaveCount(count(server, "status = 'closed'"));

    await sidebar.getByRole("link", { name: /Unassigned/ }).click();
    await expect(page).toHaveURL(/\?view=unassigned$/);
    await expect(rows(page)).toHaveCount(count(server, "status = 'open' and assignee_id is null"));
    await expect(rows(page).filter({ hasText: "Assigned to" })).toHaveCount(0);

    await page.getByRole("combobox", { name: "Channel" }).selectOption("slack");
    await expect(page).toHaveURL(/\/inbox\?view=unassigned&channel=slack$/);
    await expect(rows(page)).toHaveCount(count(server, "status = 'open' and assignee_id is null and channel = 'slack'"));
  });

  test("/ focuses search; results highlight the match", async ({ page, login }) => {
    await login("ana@demo.example");
    await expect(page.getByRole("status")).toHaveText("Live");
    await page.keyboard.press("/");
    const search = page.getByRole("searchbox", { name: "Search messages" });
    await expect(search).toBeFocused();
    await page.keyboard.type("AccessDenied");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=AccessDenied/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toHaveAttribute("href", "/inbox/c-1017?q=AccessDenied");
    await expect(rows(page).first().locator("mark")).toHaveText("AccessDenied");

    await search.fill('NEAR( "*');
    await search.press("Enter");
    await expect(page.getByText("No conversations match these filters.")).toBeVisible();
  });

  test("header actions, tags and a note with a mention", async ({ page, login, server }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1017");
    const article = page.getByRole("article");
    await article.getByRole("button", { name: "+ Tag" }).click();
    await article.getByRole("textbox", { name: "New tag" }).fill("exports");
    await page.keyboard.press("Enter");
    await expect(article.getByRole("group", { name: "Tags" })).toContainText("exports");

    await article.getByRole("textbox", { name: "Internal note" }).fill("@ben can you check the role policy?");
    await article.getByRole("button", { name: "Add note" }).click();
    await expect(article.getByRole("region", { name: "Internal notes" })).toContainText("@ben can you check the role policy?");
    await expect
      .poll(() => (server.db.$client.prepare("select count(*) as n from notifications where kind = 'mention' and user_id = ?").get(userId(server, "ben@demo.example")) as { n: number }).n)
      .toBeGreaterThan(0);

    await article.getByRole("button", { name: /^Close/ }).click();
    await expect.poll(() => conversation(server, "c-1017").status).toBe("closed");
    await expect(article.getByRole("button", { name: /^Reopen/ })).toBeVisible();
    await page.screenshot({ path: "test-results/e2e/triage-conversation.png" });
    server.db.$client.prepare("delete from conversation_tags where conversation_id = (select id from conversations where public_id = 'c-1017')").run();
  });

  test("two reps assign at once: the first stands, the second is told, both see the winner", async ({ page, login, browser, server }) => {
    test.setTimeout(90_000);
    await login("ana@demo.example");
    await page.goto("/inbox/c-1033");
    const benContext = await browser.newContext();
    try {
      const ben = await benContext.newPage();
      await ben.goto(`${server.url}/login?redirectTo=/inbox/c-1033`);
      await submitLoginForm(ben, "ben@demo.example");
      await ben.waitForURL(/\/inbox\/c-1033/);
      // Ben opens the menu first, then Ana assigns while it is open.
      await ben.getByRole("article").getByRole("button", { name: /^Assign/ }).click();
      const benMenu = ben.getByRole("dialog", { name: "Assign c-1033" });
      await expect(benMenu).toBeVisible();

      await page.getByRole("article").getByRole("button", { name: /^Assign/ }).click();
      await page.getByRole("dialog", { name: "Assign c-1033" }).getByRole("option", { name: /Chloe Park/ }).click();
      await expect.poll(() => conversation(server, "c-1033").assigneeId).toBe(userId(server, "chloe@demo.example"));

      await benMenu.getByRole("option", { name: /Ben Carter/ }).click();
      await expect(ben.locator(".toast")).toContainText("Ana Lima just assigned this to Chloe Park; nothing changed.");
      expect(conversation(server, "c-1033").assigneeId).toBe(userId(server, "chloe@demo.example"));
      await expect(ben.getByRole("article")).toContainText("Chloe Park");
      await expect(page.getByRole("article")).toContainText("Chloe Park");
    } finally {
      await benContext.close();
    }
  });
});
