import type { Browser, Page } from "@playwright/test";
import { linkThreadKeys } from "../../db/threads.server";
import { expect, submitLoginForm, test, type E2EServer } from "./fixtures";

/** Ben, signed in in a browser context of his own, on a conversation. */
async function benOn(browser: Browser, server: E2EServer, conversationId: string): Promise<{ ben: Page; close(): Promise<void> }> {
  const context = await browser.newContext();
  const ben = await context.newPage();
  await ben.goto(`${server.url}/login?redirectTo=/inbox/${conversationId}`);
  await submitLoginForm(ben, "ben@demo.example");
  await ben.waitForURL(new RegExp(`/inbox/${conversationId}`));
  return { ben, close: () => context.close() };
}

const repliesTo = (server: E2EServer, conversationId: string) =>
  server.db.$client
    .prepare(
      "select m.text from messages m join conversations c on c.id = m.conversation_id where c.public_id = ? and m.direction = 'outbound' order by m.id",
    )
    .pluck()
    .all(conversationId) as string[];

test.describe("replying", () => {
  // Two reps, two browser contexts, two sign-ins: more than one page's worth of time.
  test.describe.configure({ timeout: 90_000 });

  test("the reply lock and a co-written draft: Ben joins Ana's reply, they write it together, and one answer goes out", async ({
    page,
    login,
    browser,
    server,
  }) => {
    const before = repliesTo(server, "c-1044").length;
    await login("ana@demo.example");
    await page.goto("/inbox/c-1044");
    const anaBox = page.getByRole("textbox", { name: "Reply to Jess Tran" });
    // "r" puts Ana in the draft.
    await expect(anaBox).toHaveAttribute("contenteditable", "true");
    await page.keyboard.press("r");
    await expect(anaBox).toBeFocused();
    await page.keyboard.type("Hi Jess, an admin transfer needs your CEO's confirmation by email.");

    const { ben, close } = await benOn(browser, server, "c-1044");
    try {
      const benBox = ben.getByRole("textbox", { name: "Reply to Jess Tran" });
      // Ben is warned before he writes a word, sees Ana's draft, and cannot start a second answer.
      const lock = ben.getByRole("note");
      await expect(lock).toContainText("Ana Lima is replying to this customer.");
      await expect(benBox).toContainText("an admin transfer needs your CEO's confirmation");
      await expect(benBox).toHaveAttribute("contenteditable", "false");
      await expect(ben.getByRole("button", { name: "Send email" })).toBeDisabled();

      // "r" offers Ben the join instead of a second draft; Enter takes it.
      await ben.keyboard.press("r");
      await expect(lock.getByRole("button", { name: "Join the shared draft" })).toBeFocused();
      await ben.keyboard.press("Enter");
      await expect(benBox).toHaveAttribute("contenteditable", "true");
      await benBox.click();
      await ben.keyboard.press("End");
      await ben.keyboard.type(" I'll take it from there.");
      await expect(anaBox).toHaveText("Hi Jess, an admin transfer needs your CEO's confirmation by email. I'll take it from there.");
      await expect(ben.getByRole("note")).toContainText("You are writing this reply with Ana Lima.");

      await page.getByRole("button", { name: "Send email" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
      // The draft empties for both, and the lock goes with it.
      await expect(anaBox).toHaveText("");
      await expect(benBox).toHaveText("");
      await expect(ben.getByRole("note")).toHaveCount(0);
    } finally {
      await close();
    }
    expect(repliesTo(server, "c-1044").slice(before)).toEqual([
      "Hi Jess, an admin transfer needs your CEO's confirmation by email. I'll take it from there.",
    ]);
  });

  test("the send guard: the customer writes while Ana drafts; she is told what is new and chooses to send anyway", async ({ page, login, server }) => {
    const before = repliesTo(server, "c-1046").length;
    await login("ana@demo.example");
    await page.goto("/inbox/c-1046");
    const anaBox = page.getByRole("textbox", { name: /^Reply to / });
    await anaBox.fill("Hi! The invoice is corrected and attached.");

    // The customer answers in the same thread.
    const conversation = server.db.$client.prepare("select id, channel from conversations where public_id = 'c-1046'").get() as {
      id: number;
      channel: "email" | "chat" | "slack";
    };
    linkThreadKeys(server.db, server.workspaceId, conversation.channel, ["send-guard-thread"], conversation.id);
    const received = server.services.receive(server.workspaceId, {
      channel: conversation.channel,
      channelMessageId: "send-guard-follow-up",
      threadKeys: ["send-guard-thread"],
      contact: { name: "The customer", email: "customer@send-guard.example" },
      text: "Also, could you resend it to our finance address?",
      sentAt: new Date(),
    });
    expect(received).toMatchObject({ status: "stored", conversationId: "c-1046" });

    await page.getByRole("button", { name: /^Send / }).click();
    const warning = page.getByRole("alert");
    await expect(warning).toContainText("The customer wrote again while you were writing. Nothing was sent.");
    await expect(warning).toContainText("could you resend it to our finance address?");
    expect(repliesTo(server, "c-1046")).toHaveLength(before);

    await warning.getByRole("button", { name: "Send anyway" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
    await expect(anaBox).toHaveText("");
    expect(repliesTo(server, "c-1046").slice(before)).toEqual(["Hi! The invoice is corrected and attached."]);
  });
});
