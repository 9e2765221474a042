import { expect, test } from "./fixtures";

test("signing out returns to the login page and ends the session", async ({ page, context, login }) => {
  await login("ana@demo.example");
  const session = (await context.cookies()).find((cookie) => cookie.name === "tandem_session");
  expect(session, "signing in sets the session cookie").toBeDefined();

  await page.getByRole("button", { name: "Sign out" }).click();

  await expect(page).toHaveURL((url) => url.pathname === "/login");
  await expect(page.getByRole("heading", { name: "Sign in to your inbox" })).toBeVisible();
  await page.goto("/inbox");
  await expect(page).toHaveURL((url) => url.pathname === "/login");

  // The old cookie is dead on the server too, not just forgotten by the browser.
  await context.addCookies([session!]);
  await page.goto("/inbox");
  await expect(page).toHaveURL((url) => url.pathname === "/login");
});

test("signing out forgets the workspace's replicas and queued replies kept in this browser", async ({ page, login }) => {
  await login("ana@demo.example");
  await page.goto("/inbox/c-1017");
  await expect(page.getByRole("textbox", { name: /^Reply to / })).toHaveAttribute("contenteditable", "true");
  const kept = () =>
    page.evaluate(async () => ({
      databases: ((await indexedDB.databases()).map((database) => database.name ?? "")).filter((name) => name.startsWith("tandem:")).sort(),
      stored: Object.keys(localStorage).filter((key) => key.startsWith("tandem:")),
    }));
  await page.evaluate(() => localStorage.setItem("tandem:demo:outbox:c-1017", JSON.stringify({ intent: "reply", text: "queued" })));
  await expect.poll(async () => (await kept()).databases).toEqual(["tandem:demo:draft/c-1017", "tandem:demo:inbox/demo"]);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/login");
  await expect.poll(kept).toEqual({ databases: [], stored: [] });
});

test("Enter on the focused Sign out button signs out, not opens a conversation", async ({ page, login }) => {
  await login("ana@demo.example");
  // The inbox's Enter shortcut must leave a focused button's own Enter alone; wait until it is listening.
  await expect(page.getByRole("status")).toHaveText("Live");

  await page.getByRole("button", { name: "Sign out" }).focus();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL((url) => url.pathname === "/login");
});
