import type { Page } from "@playwright/test";
import { getRepContext, type RepContext } from "../../db/account-conversations.server";
import { findConversation } from "../../db/conversations.server";
import { expect, test, type E2EServer } from "./fixtures";

const contextPanel = (page: Page) => page.getByRole("complementary", { name: "Customer context" });
const accountConversations = (page: Page) =>
  contextPanel(page).getByRole("region", { name: "Conversations" }).getByRole("link");

function repContext(server: E2EServer, publicId: string): RepContext {
  const conversation = findConversation(server.db, server.workspaceId, publicId);
  if (!conversation) throw new Error(`The demo workspace has no ${publicId}.`);
  return getRepContext(server.db, server.workspaceId, conversation, new Date());
}

test.describe("rep context panel", () => {
  // Three page loads and two client navigations: more than the default on a busy CI machine.
  test.slow();

  test("moves between a Northwind customer's conversations on every channel", async ({ page, login, server }) => {
    const { related } = repContext(server, "c-1017");
    const listed = related!.conversations;
    const open = listed.filter((c) => c.status === "open");
    expect(new Set(open.map((c) => c.channel))).toEqual(new Set(["email", "chat", "slack"]));

    await login("ana@demo.example");
    await page.goto("/inbox/c-1017");
    const links = accountConversations(page);

    // Every conversation of the account, open first, the one on screen marked.
    await expect(links).toHaveCount(listed.length);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(
      listed.map((c) => `/inbox/${c.publicId}`),
    );
    await expect(links.and(page.locator('[aria-current="page"]'))).toHaveAttribute("href", "/inbox/c-1017");
    await expect(contextPanel(page).getByRole("region", { name: "Conversations" })).toContainText(
      `${open.length} open · ${listed.length} in all`,
    );

    // One click to Marcus Bell's chat about the same exports.
    const chat = listed.find((c) => c.channel === "chat" && c.status === "open")!;
    await links.filter({ hasText: chat.contactName ?? "" }).click();
    await expect(page).toHaveURL((url) => url.pathname === `/inbox/${chat.publicId}`);
    await expect(page.getByRole("article")).toContainText(chat.publicId);
    await expect(contextPanel(page).getByRole("region", { name: "Customer" })).toContainText(chat.contactName ?? "");
    await expect(links.and(page.locator('[aria-current="page"]'))).toHaveAttribute("href", `/inbox/${chat.publicId}`);
    await expect(links.filter({ hasText: "Viewing" })).toHaveCount(1);

    // And by keyboard to Dana's email: the links are ordinary, focusable links.
    const email = listed.find((c) => c.channel === "email" && c.status === "open")!;
    const emailLink = links.and(page.locator(`[href="/inbox/${email.publicId}"]`));
    await emailLink.focus();
    await expect(emailLink).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL((url) => url.pathname === `/inbox/${email.publicId}`);
    if (email.subject) await expect(page.getByRole("article").getByRole("heading", { level: 2 })).toHaveText(email.subject);
  });

  test("shows the account's health with its sparkline and key features", async ({ page, login, server }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1038");
    const { health } = repContext(server, "c-1038");
    const region = contextPanel(page).getByRole("region", { name: "Health" });

    await expect(region.getByRole("list", { name: "Health signals" })).toContainText(/Usage down \d+% vs the previous 30 days/);
    await expect(region.getByRole("img", { name: /^Daily product activity over the last 30 days: / })).toBeVisible();
    await expect(region.getByRole("list", { name: "Key features" }).getByRole("listitem")).toHaveCount(
      health!.keyFeatures.length,
    );
    await expect(region).toContainText(`of ${health!.seats} seats`);
  });
});
