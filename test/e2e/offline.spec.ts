import { expect, submitLoginForm, test } from "./fixtures";

test.describe("working offline", () => {
  // Two reps, two browser contexts, two sign-ins: more than one page's worth of time.
  test.describe.configure({ timeout: 90_000 });

  test("Ana triages and replies through a dropped connection; it all lands when she is back, and Ben sees it live", async ({
    page,
    login,
    browser,
    server,
  }) => {
    const { publicId, subject } = server.db.$client
      .prepare(
        "select public_id as publicId, subject from conversations where workspace_id = ? and channel = 'email' and status = 'open' and priority = 'normal' and subject is not null order by public_id desc limit 1",
      )
      .get(server.workspaceId) as { publicId: string; subject: string };
    const stored = () =>
      server.db.$client.prepare("select priority from conversations where workspace_id = ? and public_id = ?").get(server.workspaceId, publicId) as {
        priority: string;
      };
    const replies = () =>
      server.db.$client
        .prepare(
          "select m.text from messages m join conversations c on c.id = m.conversation_id where c.workspace_id = ? and c.public_id = ? and m.direction = 'outbound'",
        )
        .pluck()
        .all(server.workspaceId, publicId) as string[];

    // The whole route manifest ships with the page, so no link that renders while offline asks the server for routes.
    const manifestRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/__manifest") manifestRequests.push(request.url());
    });

    const benContext = await browser.newContext();
    try {
      const ben = await benContext.newPage();
      await ben.goto(`${server.url}/login?redirectTo=/inbox`);
      await submitLoginForm(ben, "ben@demo.example");
      const benRow = ben.getByRole("navigation", { name: "Conversations" }).locator(`a[href^="/inbox/${publicId}"]`);
      await expect(benRow).toContainText(subject);

      await login("ana@demo.example");
      await page.goto(`/inbox/${publicId}`);
      await expect(page.getByText("Synced")).toBeVisible();
      // The draft is bound once it opens for typing; from then on it lives in this browser's replica too.
      await expect(page.getByRole("textbox", { name: /^Reply to / })).toHaveAttribute("contenteditable", "true");

      await page.context().setOffline(true);
      // The header's live light and the list's sync state both say so.
      await expect(page.getByRole("status").filter({ hasText: /^Offline$/ })).toBeVisible();
      await expect(page.getByTitle(/^Changes are kept in this browser/)).toHaveText("Offline");

      // Triage offline: the change shows at once and waits in the browser.
      await page.getByRole("toolbar", { name: "Triage" }).getByLabel("Priority").selectOption("urgent");
      await expect(page.getByText("Saved offline. It syncs when you are back online.")).toBeVisible();
      await expect(page.locator(".thread-meta .priority")).toHaveText("urgent");

      // A reply written offline is queued, not lost and not sent twice.
      await page.getByRole("textbox", { name: /^Reply to / }).fill("Thanks for your patience: we are on it and will update you by 3pm.");
      await page.getByRole("button", { name: "Queue reply" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Queued: this reply goes out when the connection is back" })).toBeVisible();

      await page.waitForTimeout(500);
      expect(stored().priority).toBe("normal");
      expect(replies()).not.toContain("Thanks for your patience: we are on it and will update you by 3pm.");

      await page.context().setOffline(false);
      await expect(page.getByText("Synced")).toBeVisible();
      await expect.poll(() => stored().priority).toBe("urgent");
      await expect.poll(replies).toContain("Thanks for your patience: we are on it and will update you by 3pm.");
      await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
      await expect(page.getByRole("textbox", { name: /^Reply to / })).toHaveText("");

      // Ben never reloaded: Ana's offline triage reached his list live.
      await expect(benRow.locator(".priority")).toHaveText("urgent");
      expect(replies().filter((text) => text.startsWith("Thanks for your patience"))).toHaveLength(1);
      expect(manifestRequests).toEqual([]);
    } finally {
      await benContext.close();
    }
  });
});
