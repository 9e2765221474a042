import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPercent, formatScore, formatSpan } from "../../app/components/charts/format";
import { initials } from "../../app/lib/format";
import { findConversation } from "../../db/conversations.server";
import { CHANNELS } from "../../db/interchange";
import { median, percentile, reportPeriod, type KeyFigures } from "../../db/report-math";
import { buildReport, REPORT_CSV_HEADER, reportToCsv, UNASSIGNED_LABEL } from "../../db/reports.server";
import { conversations, csatSurveys, slaEvents } from "../../db/schema";
import { createUser } from "../../db/users.server";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { hashPassword } from "../../server/auth/password.server";
import { seedDemoCsat } from "../../server/inbox/csat.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let maya: string;
let ana: string;
let olga: string;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  seedDemoCsat(server.db, workspaceId, new Date());
  // A breach on a conversation closed in the period, so SLA attainment is below 100%.
  const breached = findConversation(server.db, workspaceId, "c-1014")!;
  server.db
    .insert(slaEvents)
    .values({
      workspaceId,
      conversationId: breached.id,
      target: "first_response",
      kind: "breach",
      dueAt: new Date(breached.createdAt.getTime() + 3_600_000),
      at: new Date(breached.createdAt.getTime() + 3_600_000),
    })
    .onConflictDoNothing()
    .run();
  // Another workspace with nobody in it but a manager: its report is empty.
  const other = createWorkspace(server.db, { slug: "quiet", name: "Quiet Co" });
  createUser(server.db, {
    workspaceId: other.id,
    email: "olga@quiet.example",
    name: "Olga Quiet",
    role: "manager",
    passwordHash: await hashPassword("quiet-password"),
  });
  [maya, ana, olga] = await Promise.all([
    signIn(server.url, "maya@demo.example"),
    signIn(server.url, "ana@demo.example"),
    signIn(server.url, "olga@quiet.example", "quiet-password"),
  ]);
  // Starting the server may rebuild the web app first.
}, 180_000);
afterAll(() => server.close());

function get(path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

/** The page's HTML without the markers React puts between adjacent text nodes ("these <!-- -->8<!-- --> weeks"). */
async function page(path: string, cookie: string): Promise<string> {
  const response = await get(path, cookie);
  expect(response.status).toBe(200);
  return (await response.text()).replace(/<!-- -->/g, "");
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();

/** A KPI tile's value and the line under it, as the page shows them. */
function kpi(html: string, id: string) {
  const match = html.match(
    new RegExp(`aria-labelledby="kpi-${id}">.*?<p class="kpi-value">(.*?)</p><p class="kpi-detail">(.*?)</p>`)
  );
  if (!match) throw new Error(`No KPI tile "${id}" on the page.`);
  return { value: decode(match[1]!), detail: decode(match[2]!) };
}

/** The body rows of the table in the section labelled `label`, each as its cells' text. */
function tableRows(html: string, label: string): string[][] {
  const section = html.match(new RegExp(`<section[^>]*aria-label="${label}"[^>]*>(.*?)</section>`))?.[1];
  const body = section?.match(/<tbody>(.*?)<\/tbody>/)?.[1];
  if (!body) throw new Error(`No "${label}" table on the page.`);
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<(th|td)[^>]*>(.*?)<\/\1>/g)].map((cell) => decode(cell[2]!))
  );
}

/** A table row as the page prints a slice's figures. */
function expectedCells(figures: KeyFigures): string[] {
  return [
    String(figures.conversations),
    formatSpan(figures.firstResponse.medianMs),
    formatSpan(figures.firstResponse.p90Ms),
    formatSpan(figures.resolution.medianMs),
    figures.sla.attainment === null ? "—" : formatPercent(figures.sla.attainment),
    `${formatScore(figures.csat.average)}${figures.csat.responses > 0 ? ` (${figures.csat.responses})` : ""}`,
  ];
}

describe("buildReport, checked against the raw rows", () => {
  it("matches volume, first response, resolution, SLA and CSAT computed by hand", () => {
    const now = new Date();
    const report = buildReport(server.db, workspaceId, { now, weeks: 8 });
    const period = reportPeriod(now, 8);
    const inPeriod = (at: Date | null): at is Date => at !== null && at >= period.start && at < period.end;

    const rows = server.db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)).all();
    const created = rows.filter((row) => inPeriod(row.createdAt));
    const firstResponses = rows
      .filter((row) => inPeriod(row.firstResponseAt))
      .map((row) => row.firstResponseAt!.getTime() - row.createdAt.getTime());
    const resolutions = rows
      .filter((row) => inPeriod(row.closedAt))
      .map((row) => row.closedAt!.getTime() - row.createdAt.getTime());
    const breached = new Set(
      server.db
        .select({ id: slaEvents.conversationId })
        .from(slaEvents)
        .where(and(eq(slaEvents.workspaceId, workspaceId), eq(slaEvents.kind, "breach")))
        .all()
        .map((row) => row.id)
    );
    const measured = rows.filter((row) => inPeriod(row.firstResponseAt) || inPeriod(row.closedAt));
    const surveys = server.db
      .select()
      .from(csatSurveys)
      .where(eq(csatSurveys.workspaceId, workspaceId))
      .all()
      .filter((survey) => inPeriod(survey.sentAt));
    const scores = surveys.flatMap((survey) => (survey.score === null ? [] : [survey.score]));

    expect(report.overall.conversations).toBe(created.length);
    for (const channel of CHANNELS) {
      expect(report.overall.byChannel[channel]).toBe(created.filter((row) => row.channel === channel).length);
    }
    expect(report.overall.firstResponse).toEqual({
      count: firstResponses.length,
      medianMs: median(firstResponses),
      p90Ms: percentile(firstResponses, 0.9),
    });
    expect(report.overall.resolution).toEqual({ count: resolutions.length, medianMs: median(resolutions) });
    const met = measured.filter((row) => !breached.has(row.id)).length;
    expect(report.overall.sla).toEqual({ measured: measured.length, met, attainment: met / measured.length });
    expect(report.overall.sla.met).toBeLessThan(report.overall.sla.measured);
    expect(report.overall.csat.sent).toBe(surveys.length);
    expect(report.overall.csat.responses).toBe(scores.length);
    expect(report.overall.csat.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 10);
    expect(report.overall.csat.distribution).toEqual([1, 2, 3, 4, 5].map((n) => scores.filter((s) => s === n).length));

    // The demo has history to show: this is not a report of zeros.
    expect(report.overall.conversations).toBeGreaterThan(0);
    expect(report.overall.firstResponse.count).toBeGreaterThan(0);
    expect(scores.length).toBeGreaterThan(0);
  });

  it("adds up: weeks, reps and teams each account for every conversation once", () => {
    const report = buildReport(server.db, workspaceId, { weeks: 12 });
    const total = report.overall.conversations;
    const sum = (list: { figures: KeyFigures }[], pick: (f: KeyFigures) => number) =>
      list.reduce((n, item) => n + pick(item.figures), 0);
    expect(sum(report.weeks, (f) => f.conversations)).toBe(total);
    expect(sum(report.reps, (f) => f.conversations)).toBe(total);
    expect(sum(report.teams, (f) => f.conversations)).toBe(total);
    expect(sum(report.repWeeks, (f) => f.conversations)).toBe(total);
    expect(sum(report.reps, (f) => f.firstResponse.count)).toBe(report.overall.firstResponse.count);
    expect(sum(report.weeks, (f) => f.csat.sent)).toBe(report.overall.csat.sent);
    expect(report.repWeeks).toHaveLength(12 * report.reps.length);
  });

  it("lists every rep, and Unassigned only when it had activity", () => {
    const report = buildReport(server.db, workspaceId);
    const names = report.reps.map((row) => row.rep.name);
    expect(names).toEqual(expect.arrayContaining(["Ana Lima", "Ben Carter", "Chloe Park"]));
    expect(report.teams.map((row) => row.team.name)).toEqual(
      expect.arrayContaining(["Customer Success", "Technical Support"])
    );
    const unassigned = report.reps.find((row) => row.rep.id === null);
    if (unassigned)
      expect(unassigned.figures.conversations + unassigned.figures.firstResponse.count).toBeGreaterThan(0);
    expect(
      buildReport(server.db, workspaceId, { now: new Date("2001-01-01T00:00:00Z") }).reps.map((r) => r.rep.name)
    ).not.toContain(UNASSIGNED_LABEL);
  });

  it("sees only its own workspace", () => {
    const quiet = findWorkspaceBySlug(server.db, "quiet")!;
    const report = buildReport(server.db, quiet.id);
    expect(report.overall.conversations).toBe(0);
    expect(report.overall.csat.sent).toBe(0);
    expect(report.reps).toEqual([]);
  });
});

describe("/reports", () => {
  it("sends a visitor without a session to sign in, and back here afterwards", async () => {
    for (const path of ["/reports", "/reports?weeks=12", "/reports.csv"]) {
      const response = await get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    }
  });

  it("shows the KPI tiles with the figures the database gives", async () => {
    const html = await page("/reports", maya);
    const { overall } = buildReport(server.db, workspaceId);

    expect(kpi(html, "first-response")).toEqual({
      value: formatSpan(overall.firstResponse.medianMs),
      detail: `p90 ${formatSpan(overall.firstResponse.p90Ms)} · ${overall.firstResponse.count} first replies`,
    });
    expect(kpi(html, "resolution")).toEqual({
      value: formatSpan(overall.resolution.medianMs),
      detail: `${overall.resolution.count} conversations closed`,
    });
    expect(kpi(html, "sla")).toEqual({
      value: formatPercent(overall.sla.attainment),
      detail: `${overall.sla.met} of ${overall.sla.measured} without a breach`,
    });
    expect(kpi(html, "csat")).toEqual({
      value: `${formatScore(overall.csat.average)} / 5`,
      detail: `${formatPercent(overall.csat.responseRate)} answered (${overall.csat.responses} of ${
        overall.csat.sent
      })`,
    });
    expect(kpi(html, "volume")).toEqual({
      value: String(overall.conversations),
      detail: `Email ${overall.byChannel.email} · Chat ${overall.byChannel.chat} · Slack ${overall.byChannel.slack}`,
    });
  });

  it("draws the three charts as SVG", async () => {
    const html = await page("/reports", maya);
    for (const title of [
      "Conversations per week by channel",
      "Median first response per week",
      "CSAT score distribution",
    ]) {
      expect(html).toContain(`role="img" aria-label="${title}"`);
    }
    expect(html).not.toContain('class="chart-empty"');
  });

  it("shows per-rep and per-team tables with the database's figures", async () => {
    const html = await page("/reports", maya);
    const report = buildReport(server.db, workspaceId);
    expect(tableRows(html, "By rep")).toEqual(
      report.reps.map(({ rep, figures }) => [
        // The avatar's initials, then the name and team.
        `${rep.id === null ? "" : initials(rep.name)}${rep.name}${rep.teamName ?? ""}`,
        ...expectedCells(figures),
      ])
    );
    expect(tableRows(html, "By team")).toEqual(
      report.teams.map(({ team, figures }) => [team.name, ...expectedCells(figures)])
    );
  });

  it("is for reps too, not only managers", async () => {
    expect(await page("/reports", ana)).toContain("<h1>Reports</h1>");
  });

  it("switches the period with ?weeks=4|8|12 and ignores anything else", async () => {
    for (const [query, weeks] of [
      ["?weeks=4", 4],
      ["?weeks=12", 12],
      ["", 8],
      ["?weeks=52", 8],
      ["?weeks=abc", 8],
    ] as const) {
      const html = await page(`/reports${query}`, maya);
      expect(html).toContain(`· ${weeks} weeks, Monday to Sunday (UTC)`);
      const current = [...html.matchAll(/<a [^>]*class="segmented-option"[^>]*>/g)]
        .map((match) => match[0])
        .filter((tag) => tag.includes('aria-current="page"'));
      expect(current).toHaveLength(1);
      expect(current[0]).toContain(`href="/reports?weeks=${weeks}"`);
      expect(html).toContain(`href="/reports.csv?weeks=${weeks}"`);
      expect(kpi(html, "volume").value).toBe(
        String(buildReport(server.db, workspaceId, { weeks }).overall.conversations)
      );
    }
  });

  it("shows empty states for a workspace with no history", async () => {
    const html = await page("/reports", olga);
    expect(html).toContain("No conversations in these 8 weeks yet.");
    expect(html).toContain("No new conversations in this period.");
    expect(html).toContain("No first replies in this period.");
    expect(html).toContain("No survey answers yet.");
    expect(kpi(html, "first-response")).toEqual({ value: "—", detail: "No first replies yet" });
    expect(kpi(html, "csat")).toEqual({ value: "—", detail: "No surveys sent yet" });
    expect(html).not.toContain("Ana Lima");
  });
});

describe("/reports.csv", () => {
  it("downloads the report as CSV: header, then one row per week × rep", async () => {
    const response = await get("/reports.csv?weeks=4", maya);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tandem-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.text();
    const report = buildReport(server.db, workspaceId, { weeks: 4 });
    expect(body).toBe(reportToCsv(report));

    const lines = body.split("\r\n");
    expect(lines[0]).toBe(REPORT_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1 + 4 * report.reps.length + 1);
    const anaRows = lines.filter((line) => line.includes(",Ana Lima,ana@demo.example,Customer Success,"));
    expect(anaRows).toHaveLength(4);
    // Every row has every column.
    for (const line of lines.slice(1, -1)) expect(line.split(",")).toHaveLength(REPORT_CSV_HEADER.length);
  });

  it("takes the same period as the page, 8 weeks by default", async () => {
    const body = await (await get("/reports.csv?weeks=nonsense", maya)).text();
    const report = buildReport(server.db, workspaceId, { weeks: 8 });
    expect(body.split("\r\n")).toHaveLength(1 + 8 * report.reps.length + 1);
  });

  it("is just the header for a workspace with nobody to report on", async () => {
    const response = await get("/reports.csv", olga);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${REPORT_CSV_HEADER.join(",")}\r\n`);
  });
});
