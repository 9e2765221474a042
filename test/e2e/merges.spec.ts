import { expect, test } from "./fixtures";

test("Northwind's one failure, reported by Slack, chat and email, is proposed as one issue; Ana merges, answers by email, rejects and undoes", async ({ page, login, server }) => {
  // Six page loads and a reply: more than one page's worth of time.
  test.setTimeout(60_000);
  const status = (publicId: string) =>
    server.db.$client.prepare("select status from conversations where workspace_id = ? and public_id = ?").pluck().get(server.workspaceId, publicId);
  await login("ana@demo.example");
  await page.goto("/inbox/c-1017");
  const emailProposal = page.getByRole("region", { name: "Same issue as c-1040?" });
  await expect(emailProposal).toContainText("Same account, another channel, within days");
  await expect(emailProposal).toContainText(/\d+% sure/);
  const messagesBefore = await page.locator("ol.messages > li").count();

  await emailProposal.getByRole("button", { name: "Merge c-1040 into this conversation" }).click();
  await expect(page.getByRole("note").filter({ hasText: "Merged from c-1040 (email" })).toBeVisible();
  await expect(page.locator(".merged-from").first()).toHaveText("from c-1040 · email");
  expect(await page.locator("ol.messages > li").count()).toBeGreaterThan(messagesBefore);
  expect(status("c-1040")).toBe("closed");

  // One conversation, answered where the customer chooses: Kenji's Slack thread, or Dana's email.
  const answerOn = page.getByRole("combobox", { name: "Answer on" });
  await expect(answerOn.locator("option")).toHaveText(["Slack · Kenji Sato", "Email · Dana Whitfield (merged from c-1040)"]);
  await expect(page.getByRole("button", { name: "Send to Slack" })).toBeVisible();
  await answerOn.selectOption({ label: "Email · Dana Whitfield (merged from c-1040)" });
  await expect(page.getByRole("button", { name: "Send email" })).toBeVisible();
  const box = page.getByRole("textbox", { name: "Reply to Dana Whitfield" });
  await expect(box).toHaveAttribute("contenteditable", "true");
  await box.fill("Dana, the exports are our fault and we are on it; next update by 15:00.");
  await page.getByRole("button", { name: "Send email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reply sent." })).toBeVisible();
  const delivery = server.db.$client
    .prepare("select d.channel, json_extract(d.envelope, '$.to') as recipient from outbound_deliveries d join messages m on m.id = d.message_id where m.text like 'Dana, the exports%'")
    .get();
  expect(delivery).toEqual({ channel: "email", recipient: "dana@northwind.example" });

  // The merged thread now matches the chat report too.
  const chatProposal = page.getByRole("region", { name: "Same issue as c-1022?" });
  await expect(chatProposal).toBeVisible();
  await chatProposal.getByRole("button", { name: "Not the same issue" }).click();
  await expect(chatProposal).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("region", { name: "Same issue as c-1022?" })).toHaveCount(0);

  await page.goto("/inbox/c-1040");
  await expect(page.getByRole("note").filter({ hasText: "Merged into c-1017" })).toBeVisible();

  await page.goto("/inbox/c-1017");
  await page.getByRole("button", { name: "Undo merge" }).click();
  await expect(page.getByRole("note").filter({ hasText: "Merged from c-1040" })).toHaveCount(0);
  // The answer sent while merged stays where it was written.
  await expect(page.locator("ol.messages > li")).toHaveCount(messagesBefore + 1);
  expect(status("c-1040")).toBe("open");
});
