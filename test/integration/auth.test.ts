import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { createUser } from "../../db/users.server";
import { createWorkspace } from "../../db/workspaces.server";
import { hashPassword } from "../../server/auth/password.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const other = createWorkspace(server.db, { slug: "other", name: "Other Co" });
  createUser(server.db, {
    workspaceId: other.id,
    email: "olga@other.example",
    name: "Olga Other",
    role: "manager",
    passwordHash: await hashPassword("other-password"),
  });
});
afterAll(() => server.close());

function postLogin(body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/login`, { method: "POST", body, headers, redirect: "manual" });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

function get(path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

/** What a page must never show a user: internals of a failure. */
function expectNoInternals(html: string) {
  expect(html).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
  expect(html).not.toMatch(/TypeError|ReferenceError|SqliteError|ZodError|Invalid input: expected/);
}

const SESSION_ID = /^tandem_session=([^;]*)/;

describe("signing in", () => {
  it("signs in with the right password: 302 to /inbox with an httpOnly, same-site session cookie", async () => {
    const response = await postLogin(form({ email: "ana@demo.example", password: "tandem-demo" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/inbox");
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(SESSION_ID);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
  });

  it("accepts the email in any case", async () => {
    const response = await postLogin(form({ email: "Ana@Demo.EXAMPLE", password: "tandem-demo" }));
    expect(response.status).toBe(302);
  });

  it("refuses a wrong password with a 401 page saying they do not match, and no cookie", async () => {
    const response = await postLogin(form({ email: "ana@demo.example", password: "tandem-DEMO" }));
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expect(html).toContain("That email and password do not match an account.");
    expect(html).toContain("<form");
  });

  it("refuses an unknown email exactly like a wrong password", async () => {
    const wrongPassword = await postLogin(form({ email: "ana@demo.example", password: "nope" }));
    const unknownEmail = await postLogin(form({ email: "nobody@demo.example", password: "tandem-demo" }));
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.headers.get("set-cookie")).toBeNull();
    const [a, b] = await Promise.all([wrongPassword.text(), unknownEmail.text()]);
    expect(b).toContain("That email and password do not match an account.");
    // The page gives nothing away about which part was wrong.
    expect(b).toBe(a);
  });

  it("does not let one workspace's password open another's account", async () => {
    const response = await postLogin(form({ email: "olga@other.example", password: "tandem-demo" }));
    expect(response.status).toBe(401);
  });

  it.each([
    ["a missing password", { email: "ana@demo.example" }, ["Enter your password."]],
    ["an empty password", { email: "ana@demo.example", password: "" }, ["Enter your password."]],
    ["a missing email", { password: "tandem-demo" }, ["Enter your work email address."]],
    ["an email that is not one", { email: "ana", password: "tandem-demo" }, ["Enter your work email address."]],
    ["no fields at all", {}, ["Enter your work email address.", "Enter your password."]],
  ])("answers %s with 400 and a clear message", async (_what, fields, messages) => {
    const response = await postLogin(form(fields));
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    for (const message of messages) expect(html).toContain(message);
    expectNoInternals(html);
  });

  it.each([
    ["a JSON body", JSON.stringify({ email: "ana@demo.example", password: "tandem-demo" }), "application/json"],
    ["a plain-text body", "email=ana@demo.example&password=tandem-demo", "text/plain"],
    ["a multipart body without a boundary", "garbage", "multipart/form-data"],
    ["a truncated multipart body", "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nana", "multipart/form-data; boundary=b"],
  ])("answers %s with 400 and a clear message, never 500", async (_what, body, contentType) => {
    const response = await postLogin(body, { "content-type": contentType });
    expect(response.status).toBe(400);
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expect(html).toContain("Enter your work email address.");
    expectNoInternals(html);
  });

  it("answers a file where the email should be with 400", async () => {
    const body = new FormData();
    body.set("email", new Blob(["ana@demo.example"]), "email.txt");
    body.set("password", "tandem-demo");
    const response = await postLogin(body);
    expect(response.status).toBe(400);
    expectNoInternals(await response.text());
  });
});

describe("redirects", () => {
  it("sends /inbox without a session to /login?redirectTo=%2Finbox", async () => {
    const response = await get("/inbox");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Finbox");
  });

  it("keeps the conversation path in redirectTo and returns there after signing in", async () => {
    const response = await get("/inbox/c-1017");
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Finbox%2Fc-1017");
    const login = await postLogin(form({ email: "ana@demo.example", password: "tandem-demo", redirectTo: "/inbox/c-1017" }));
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/inbox/c-1017");
  });

  it("sends / without a session to /login", async () => {
    const response = await get("/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
  });

  it.each(["//evil.example", "https://evil.example/inbox", "/\\evil.example", "/\t/evil.example", "/\n/evil.example"])(
    "ignores redirectTo=%j and goes to /inbox",
    async (redirectTo) => {
      const response = await postLogin(form({ email: "ana@demo.example", password: "tandem-demo", redirectTo }));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/inbox");
    },
  );

  it("sends a signed-in user from /login to the inbox", async () => {
    const cookie = await signIn(server.url, "ben@demo.example");
    const response = await get("/login", cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/inbox");
  });
});

describe("sessions", () => {
  it("rejects the real session id signed with another secret", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const sessionId = await createCookie("tandem_session", { secrets: ["test-secret-with-enough-length"] }).parse(cookie);
    expect(typeof sessionId).toBe("string");
    const forged = await createCookie("tandem_session", { secrets: ["a-different-secret-entirely"] }).serialize(sessionId);

    const response = await get("/inbox", forged.split(";")[0]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Finbox");
    // the genuine cookie still works, so the refusal is about the signature
    expect((await get("/inbox", cookie)).status).toBe(200);
  });

  it.each([
    ["a tampered signature", (value: string) => value.replace(/.$/, (c) => (c === "A" ? "B" : "A"))],
    ["the bare value without a signature", (value: string) => value.split(".")[0]!],
    ["garbage", () => "not-a-cookie"],
    ["broken percent-encoding", () => "%E0%A4%A"],
  ])("rejects a session cookie with %s", async (_what, forge) => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const value = SESSION_ID.exec(cookie)![1]!;
    const response = await get("/inbox", `tandem_session=${forge(value)}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Finbox");
  });

  it("ends the session on sign-out: the same cookie afterwards goes to /login", async () => {
    const cookie = await signIn(server.url, "chloe@demo.example");
    expect((await get("/inbox", cookie)).status).toBe(200);

    const logout = await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe("/login");
    expect(logout.headers.get("set-cookie")).toMatch(/^tandem_session=;.*Max-Age=0/i);

    const after = await get("/inbox", cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login?redirectTo=%2Finbox");
  });

  it("ends only the session that signed out", async () => {
    const first = await signIn(server.url, "ana@demo.example");
    const second = await signIn(server.url, "ana@demo.example");
    await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie: first }, redirect: "manual" });
    expect((await get("/inbox", first)).status).toBe(302);
    expect((await get("/inbox", second)).status).toBe(200);
  });

  it("stores only sessions that can be found again and removes the one signed out", async () => {
    const cookie = await signIn(server.url, "maya@demo.example");
    const sessionId = (await createCookie("tandem_session", { secrets: ["test-secret-with-enough-length"] }).parse(
      cookie,
    )) as string;
    const row = () => server.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    const maya = server.db.select().from(users).where(eq(users.email, "maya@demo.example")).get()!;
    expect(row()?.userId).toBe(maya.id);
    await fetch(`${server.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect(row()).toBeUndefined();
  });

  it("answers a sign-out without a session by going to /login, not an error", async () => {
    const response = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
  });
});

describe("pages behind sign-in", () => {
  it("shows the inbox to the manager and to a rep", async () => {
    for (const [email, role] of [
      ["maya@demo.example", "manager"],
      ["ana@demo.example", "rep"],
    ] as const) {
      const response = await get("/inbox", await signIn(server.url, email));
      expect(response.status, email).toBe(200);
      const html = await response.text();
      expect(html).toContain('class="count">34');
      expect(html).toContain(`<span class="role">${role}</span>`);
    }
  });

  it("opens a conversation of the workspace", async () => {
    const response = await get("/inbox/c-1017", await signIn(server.url, "ana@demo.example"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("c-1017");
  });

  it("answers an unknown conversation with a 404 page, not a stack trace", async () => {
    const response = await get("/inbox/c-nope", await signIn(server.url, "ana@demo.example"));
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("No conversation &quot;c-nope&quot; in your workspace.");
    expect(html).toContain("Back to the inbox");
    expectNoInternals(html);
  });

  it("does not show another workspace's user the demo conversations", async () => {
    const cookie = await signIn(server.url, "olga@other.example", "other-password");
    const inbox = await get("/inbox", cookie);
    expect(inbox.status).toBe(200);
    const html = await inbox.text();
    expect(html).toContain('class="count">0');
    expect(html).not.toContain("c-1017");
    expect((await get("/inbox/c-1017", cookie)).status).toBe(404);
  });
});
