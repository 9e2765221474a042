import { expect, test } from "./fixtures";

test("a manager rewrites a knowledge snippet, and the next AI draft says what it now says", async ({ page, login }) => {
  await login("maya@demo.example");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge" })).toBeVisible();

  await page.getByLabel("Filter snippets").fill("allowed domains");
  const snippets = page.getByRole("list", { name: "Snippets" }).getByRole("listitem");
  await expect(snippets).toHaveCount(1);
  await snippets.getByRole("button", { name: "Edit" }).click();
  await snippets.getByLabel("What a reply may say").fill("Scheduled reports go only to addresses on the workspace's allowed domains. An admin adds a domain under Settings, Security, Allowed domains, in a minute.");
  await snippets.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toHaveText("Saved “Scheduled report recipients and allowed domains”.");
  await expect(snippets).toContainText("in a minute.");

  // A title must be there; the form says so and keeps what was typed.
  await page.getByText("Add a snippet").click();
  const add = page.locator(".knowledge-add");
  await add.getByLabel("Title").fill("   ");
  await add.getByLabel("What a reply may say").fill("Half a thought");
  await add.getByRole("button", { name: "Add snippet" }).click();
  await expect(add.getByText("Give the snippet a title")).toBeVisible();
  await expect(add.getByLabel("What a reply may say")).toHaveValue("Half a thought");

  await page.goto("/inbox/c-1047");
  const box = page.getByRole("textbox", { name: /^Reply to / });
  await expect(box).toHaveAttribute("contenteditable", "true");
  await page.getByRole("button", { name: "Draft with AI" }).click();
  await expect(box).toContainText("An admin adds a domain under Settings, Security, Allowed domains, in a minute.");
});
