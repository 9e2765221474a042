import { expect, test } from "./fixtures";

test("Northwind's one failure, reported by Slack, chat and email, is proposed as one issue; Ana merges, rejects and undoes", async ({ page, login, server }) => {
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
  await expect(page.locator("ol.messages > li")).toHaveCount(messagesBefore);
  expect(status("c-1040")).toBe("open");
});
