import type { Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { createApiToken } from "../../db/api-tokens.server";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { findVisitorConversation } from "../../server/channels/chat/chat-history.server";
import { expect, test } from "./fixtures";

const inboxList = (page: Page) => page.getByRole("navigation", { name: "Open conversations" });

/** The widget runs in its own browser context (a customer's browser), so the `browserProblems` fixture does not see it. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`Uncaught error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  return problems;
}

test.describe("chat widget", () => {
  test("a visitor's message reaches the inbox and a rep's reply appears live in the widget", async ({ browser, page, login, server }) => {
    test.slow(); // two browsers, a sign-in and a live round trip
    const customer = await browser.newContext({ viewport: { width: 380, height: 620 } });
    const widget = await customer.newPage();
    const problems = watchProblems(widget);

    await widget.goto("/widget/demo");
    await expect(widget.getByRole("heading", { level: 1 })).toHaveText(findWorkspaceBySlug(server.db, "demo")!.name);
    await expect(widget.getByRole("status")).toHaveText("Online", { timeout: 15_000 }); // hydration is slow on a loaded machine
    await widget.getByPlaceholder("Your name (optional)").fill("Jordan Ellis");
    const question = `Can I change my plan mid-cycle? (${randomUUID().slice(0, 8)})`;
    const composer = widget.getByRole("textbox", { name: "Message" });
    await composer.fill(question);
    await composer.press("Enter");
    const sent = widget.getByTestId("chat-message").filter({ hasText: question });
    await expect(sent).toHaveAttribute("data-author", "customer");
    await expect(sent).toContainText("Sent");
    await expect(composer).toHaveValue("");

    // The rep signs in elsewhere and opens the new conversation from the inbox.
    const stored = await widget.evaluate(() => JSON.parse(localStorage.getItem("tandem.chat.demo") ?? "{}") as { visitorId?: string });
    const conversation = findVisitorConversation(server.db, server.workspaceId, stored.visitorId!);
    expect(conversation).toBeDefined();
    await login("ana@demo.example");
    const row = inboxList(page).locator(`a[href="/inbox/${conversation!.publicId}"]`);
    if (await row.count()) await row.click();
    else await page.goto(`/inbox/${conversation!.publicId}`);
    await expect(page).toHaveURL(new RegExp(`/inbox/${conversation!.publicId}$`));
    await expect(page.getByText(question).last()).toBeVisible();

    // The inbox has no reply composer yet: the reply goes through the API, as an integration would send it.
    const token = createApiToken(server.db, server.workspaceId, "chat e2e");
    const answer = "Yes — the change is prorated. Want me to switch you now?";
    const response = await fetch(`${server.url}/api/v1/conversations/${conversation!.publicId}/replies`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify({ text: answer, authorName: "Ana Lima" }),
    });
    expect(response.status).toBe(201);

    const reply = widget.getByTestId("chat-message").filter({ hasText: answer });
    await expect(reply).toBeVisible();
    await expect(reply).toHaveAttribute("data-author", "agent");
    await expect(reply).toContainText("Ana Lima");

    // Coming back later, the visitor sees the whole conversation.
    await widget.reload();
    await expect(widget.getByTestId("chat-message")).toHaveCount(2);
    await expect(widget.getByPlaceholder("Your name (optional)")).toHaveCount(0);

    expect(problems).toEqual([]);
    await customer.close();
  });

  test("Shift+Enter writes a new line instead of sending", async ({ browser }) => {
    const customer = await browser.newContext();
    const widget = await customer.newPage();
    await widget.goto("/widget/demo");
    await expect(widget.getByRole("status")).toHaveText("Online", { timeout: 15_000 }); // hydration is slow on a loaded machine
    const composer = widget.getByRole("textbox", { name: "Message" });
    await composer.fill("first line");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("second line");
    await expect(composer).toHaveValue("first line\nsecond line");
    await expect(widget.getByTestId("chat-message")).toHaveCount(0);
    await composer.press("Enter");
    await expect(widget.getByTestId("chat-message")).toContainText("first line\nsecond line");
    await customer.close();
  });

  test("an unknown workspace is a 404 that shows no staff data", async ({ page }) => {
    const response = await page.goto("/widget/no-such-workspace");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("alert")).toContainText("This chat isn’t available");
    await expect(page.getByText(/inbox/i)).toHaveCount(0);
  });
});
