import { expect, test } from "./fixtures";

test("the at-risk accounts page lists the riskiest accounts first, with reasons, and leads to their conversations", async ({ page, login }) => {
  await login("maya@demo.example");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("heading", { name: "Accounts at risk" })).toBeVisible();

  const rows = page.locator("tbody tr");
  const firstThree = (await rows.locator("th .risk-account").allTextContents()).slice(0, 3).sort();
  expect(firstThree).toEqual(["Bluefin Capital", "Copperleaf Retail", "Pinecrest Dental Group"]);
  const pinecrest = rows.filter({ hasText: "Pinecrest Dental Group" });
  await expect(pinecrest.getByText(/^Trial day \d+$/)).toBeVisible();
  await expect(pinecrest.getByLabel(/^Health \d+ of 100, At risk$/)).toBeVisible();
  await expect(pinecrest.locator(".risk-reasons li").first()).toContainText("Trial");

  await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: /^At risk \d+$/ }).click();
  await expect(page).toHaveURL(/band=at-risk/);
  await expect(rows.filter({ hasText: "Meridian Insurance" })).toHaveCount(0);

  await rows.filter({ hasText: "Bluefin Capital" }).getByRole("link", { name: /open$/ }).click();
  await expect(page).toHaveURL(/\/inbox\?view=open&account=bluefin/);
  await expect(page.getByRole("navigation", { name: "Conversations" }).locator("a.inbox-row")).toHaveCount(1);
});
