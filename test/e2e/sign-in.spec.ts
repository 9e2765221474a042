import { openInbox } from "../support/inbox";
import { expect, submitLoginForm, test } from "./fixtures";

test.describe("sign-in", () => {
  test("visiting the inbox signed out lands on the login page", async ({ page }) => {
    await page.goto("/inbox");
    await expect(page).toHaveURL((url) => url.pathname === "/login" && url.searchParams.get("redirectTo") === "/inbox");
    await expect(page.getByRole("heading", { name: "Sign in to your inbox" })).toBeVisible();
  });

  test("signing in shows the rep's open inbox", async ({ page, login, server }) => {
    await login("ana@demo.example");
    // Other tests on this worker's server may have added conversations: count them now.
    const open = openInbox(server.db, server.workspaceId).length;
    expect(open).toBeGreaterThanOrEqual(34);

    await expect(page).toHaveURL((url) => url.pathname === "/inbox");
    await expect(page).toHaveTitle(`All open (${open}) · Tandem`);
    const list = page.getByRole("navigation", { name: "Conversations" });
    await expect(list.getByRole("heading", { name: "All open" })).toBeVisible();
    await expect(list.getByText(String(open), { exact: true })).toBeVisible();
    await expect(list.getByRole("link")).toHaveCount(open);
    await expect(page.getByRole("banner")).toContainText("Ana Lima");
    await expect(page.getByRole("banner")).toContainText("Brightpath Support");
  });

  test("a wrong password is refused and stays on the login page", async ({ page }) => {
    await page.goto("/login");
    await submitLoginForm(page, "ana@demo.example", "not-the-password");

    await expect(page.getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page).toHaveURL((url) => url.pathname === "/login");
    // Nothing was signed in: the inbox still sends us back here.
    await page.goto("/inbox");
    await expect(page).toHaveURL((url) => url.pathname === "/login");
  });

  test("an invalid email shows the field error", async ({ page }) => {
    await page.goto("/login");
    await submitLoginForm(page, "ana-at-demo", "tandem-demo");

    const email = page.getByLabel("Work email");
    await expect(page.getByText("Enter your work email address.")).toBeVisible();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Enter your work email address.");
    await expect(page).toHaveURL((url) => url.pathname === "/login");
  });

  test("signing in from a conversation link lands on that conversation", async ({ page }) => {
    await page.goto("/inbox/c-1017");
    await expect(page).toHaveURL((url) => url.pathname === "/login" && url.searchParams.get("redirectTo") === "/inbox/c-1017");

    await submitLoginForm(page, "ana@demo.example");

    await expect(page).toHaveURL((url) => url.pathname === "/inbox/c-1017");
    await expect(page.getByRole("article")).toContainText("c-1017");
    await expect(page.getByRole("complementary", { name: "Customer context" })).toContainText("Northwind Logistics");
  });
});
