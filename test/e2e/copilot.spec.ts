import { expect, test } from "./fixtures";

test.describe("the AI copilot", () => {
  test("summarises the account beside the thread, with facts that lead to their messages", async ({ page, login }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1040");
    const summary = page.getByRole("region", { name: /^Summary/ });
    await expect(summary.getByText("Local AI")).toBeVisible();
    await expect(summary).toContainText("What went wrong:");
    await expect(summary).toContainText(/Risk: (low|medium|high)/);

    await summary.getByText(/^Facts and where they come from/).click();
    const fact = summary.getByRole("link").filter({ hasText: "none of the scheduled reports" }).first();
    await fact.click();
    await expect(page.locator("#message-0")).toHaveClass(/message-highlight/);
  });

  test("drafts a recovery-focused reply into the shared draft; Ana edits and sends it, and the edit is recorded", async ({ page, login, server }) => {
    await login("ana@demo.example");
    await page.goto("/inbox/c-1040");
    const box = page.getByRole("textbox", { name: /^Reply to / });
    await expect(box).toHaveAttribute("contenteditable", "true");

    await page.getByRole("button", { name: "Draft with AI" }).click();
    await expect(box).toContainText("I'm sorry:");
    await expect(box).toContainText("Next step: I'll update you by");
    await expect(box).toContainText("Ana Lima");
    const bar = page.getByRole("status").filter({ hasText: "Drafted by AI (draft-reply@v1)" });
    await expect(bar.getByText("Local AI")).toBeVisible();
    // It says what the team's known-issue snippet says, and shows what it used: the snippet, and the customer's own words.
    await expect(box).toContainText("will re-run every missed export once it ships");
    await bar.getByText(/^What the draft used/).click();
    const snippet = bar.getByRole("link", { name: "Known issue: scheduled S3 exports failing since the Friday release" });
    await expect(snippet).toHaveAttribute("href", /^\/knowledge#kb-\d+$/);
    await expect(bar.getByRole("link", { name: /none of the scheduled reports/ })).toHaveAttribute("href", /^#message-0$/);

    await box.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Talk soon.");
    await page.getByRole("button", { name: "Send email" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();

    const review = server.db.$client
      .prepare(
        `select r.decision, r.edit_distance as editDistance, o.provider, o.prompt_version as promptVersion from ai_draft_reviews r
         join ai_outputs o on o.id = r.ai_output_id join conversations c on c.id = o.conversation_id where c.public_id = 'c-1040'`,
      )
      .get() as { decision: string; editDistance: number; provider: string; promptVersion: string };
    expect(review).toEqual({ decision: "edited", editDistance: " Talk soon.".length, provider: "local", promptVersion: "draft-reply@v1" });
  });
});
