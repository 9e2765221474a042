import { expect, submitLoginForm, test } from "./fixtures";

test.describe("presence", () => {
  // Two reps, two browser contexts, two sign-ins: more than one page's worth of time.
  test.describe.configure({ timeout: 90_000 });

  test("two reps see each other live: viewing on the list and the thread, then replying", async ({ page, login, browser, server }) => {
    await login("ana@demo.example");
    await expect(page.getByText("Synced")).toBeVisible();
    const row = page.getByRole("navigation", { name: "Conversations" }).locator('a[href^="/inbox/c-1017"]');

    const benContext = await browser.newContext();
    try {
      const ben = await benContext.newPage();
      await ben.goto(`${server.url}/login?redirectTo=/inbox/c-1017`);
      await submitLoginForm(ben, "ben@demo.example");
      await ben.waitForURL(/\/inbox\/c-1017/);

      // Ana's list marks the conversation Ben has open.
      await expect(row.getByLabel("Ben Carter is viewing")).toBeVisible();

      await row.click();
      await expect(page.getByRole("status").filter({ hasText: "Ben Carter is viewing" })).toBeVisible();
      await expect(ben.getByRole("status").filter({ hasText: "Ana Lima is viewing" })).toBeVisible();

      // A dropped connection: back online, each sees the other again at once, not when presence next renews (15–30 s).
      await page.context().setOffline(true);
      await expect(page.getByRole("status").filter({ hasText: /^Offline$/ })).toBeVisible();
      await page.context().setOffline(false);
      await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
      await expect(page.getByRole("status").filter({ hasText: "Ben Carter is viewing" })).toBeVisible();
      await expect(ben.getByRole("status").filter({ hasText: "Ana Lima is viewing" })).toBeVisible();

      // Ben starts a reply: Ana sees it at once, with his words as he writes them, and is not given a second draft to write.
      await ben.getByRole("textbox", { name: /^Reply to / }).fill("Hi Priya, I'm on it.");
      await expect(page.getByRole("status").filter({ hasText: "Ben Carter is replying" })).toBeVisible();
      await expect(row.getByLabel("Ben Carter is replying")).toBeVisible();
      const anaBox = page.getByRole("textbox", { name: /^Reply to / });
      await expect(page.getByRole("note")).toContainText("Ben Carter is replying to this customer.");
      await expect(anaBox).toContainText("Hi Priya, I'm on it.");
      await expect(anaBox).toHaveAttribute("contenteditable", "false");
      await expect(ben.getByRole("note")).toHaveCount(0);

      // Ben leaves: so does his presence.
      await ben.close();
    } finally {
      await benContext.close();
    }
    await expect(page.getByRole("status").filter({ hasText: "Ben Carter" })).toHaveCount(0);
    await expect(page.getByRole("note")).toHaveCount(0);
  });
});
