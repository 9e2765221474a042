import { expect, submitLoginForm, test } from "./fixtures";

test.describe("replying", () => {
  // Two reps, two browser contexts, two sign-ins: more than one page's worth of time.
  test.describe.configure({ timeout: 90_000 });

  test("the send guard: Ben answers first, Ana is told what is new and chooses to send anyway", async ({ page, login, browser, server }) => {
    const replies = () =>
      server.db.$client
        .prepare("select m.text from messages m join conversations c on c.id = m.conversation_id where c.public_id = 'c-1044' and m.direction = 'outbound' order by m.id")
        .pluck()
        .all() as string[];
    const before = replies().length;

    await login("ana@demo.example");
    await page.goto("/inbox/c-1044");
    const anaBox = page.getByRole("textbox", { name: "Reply to Jess Tran" });
    await anaBox.fill("Hi Jess, an admin transfer needs your CEO's confirmation by email; I'll take it from there.");

    const benContext = await browser.newContext();
    try {
      const ben = await benContext.newPage();
      await ben.goto(`${server.url}/login?redirectTo=/inbox/c-1044`);
      await submitLoginForm(ben, "ben@demo.example");
      await ben.getByRole("textbox", { name: "Reply to Jess Tran" }).fill("Hi Jess, Ben here: looking into the admin transfer now.");
      await ben.getByRole("button", { name: "Send email" }).click();
      await expect(ben.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
    } finally {
      await benContext.close();
    }

    await page.getByRole("button", { name: "Send email" }).click();
    const warning = page.getByRole("alert");
    await expect(warning).toContainText("Ben Carter replied while you were writing. Nothing was sent.");
    await expect(warning).toContainText("Ben here: looking into the admin transfer now.");
    expect(replies()).toHaveLength(before + 1);

    await warning.getByRole("button", { name: "Send anyway" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
    await expect(anaBox).toHaveValue("");
    expect(replies().slice(before)).toEqual([
      "Hi Jess, Ben here: looking into the admin transfer now.",
      "Hi Jess, an admin transfer needs your CEO's confirmation by email; I'll take it from there.",
    ]);
  });
});
