import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("smoke", () => {
  it("serves the inbox to a signed-in rep", async () => {
    const cookie = await signIn(server.url, "ana@demo.example");
    const page = await fetch(`${server.url}/inbox`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('class="count">34');
  });
});
