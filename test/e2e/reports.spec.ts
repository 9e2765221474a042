import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { formatPercent, formatScore, formatSpan } from "../../app/components/charts/format";
import { buildReport, REPORT_CSV_HEADER } from "../../db/reports.server";
import { seedDemoCsat } from "../../server/inbox/csat.server";
import { expect, test, type E2EServer } from "./fixtures";

const tile = (page: Page, name: string) => page.getByRole("group", { name, exact: true });

/** The demo's history, with its survey answers, as Reports reads it. */
function demoReport(server: E2EServer, weeks = 8) {
  seedDemoCsat(server.db, server.workspaceId, new Date());
  return buildReport(server.db, server.workspaceId, { weeks });
}

async function openReports(page: Page, login: (email: string) => Promise<void>, email = "maya@demo.example") {
  await login(email);
  await page.getByRole("banner").getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
}

test.describe("reports", () => {
  test("a manager opens Reports from the header and sees the key figures", async ({ page, login, server }) => {
    const { overall } = demoReport(server);
    await openReports(page, login);

    await expect(tile(page, "Median first response")).toContainText(formatSpan(overall.firstResponse.medianMs));
    await expect(tile(page, "Median first response")).toContainText(`p90 ${formatSpan(overall.firstResponse.p90Ms)}`);
    await expect(tile(page, "Median resolution")).toContainText(formatSpan(overall.resolution.medianMs));
    await expect(tile(page, "SLA attainment")).toContainText(formatPercent(overall.sla.attainment));
    await expect(tile(page, "CSAT")).toContainText(`${formatScore(overall.csat.average)} / 5`);
    await expect(tile(page, "CSAT")).toContainText(`${formatPercent(overall.csat.responseRate)} answered`);
    await expect(tile(page, "Conversations")).toContainText(String(overall.conversations));
    // The page is the current section in the header.
    await expect(page.getByRole("banner").getByRole("link", { name: "Reports", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  test("draws the weekly volume, first-response and CSAT charts", async ({ page, login, server }) => {
    const report = demoReport(server);
    await openReports(page, login);

    const charts = page.locator("svg[role='img']");
    await expect(charts).toHaveCount(3);
    for (const name of ["Conversations per week by channel", "Median first response per week", "CSAT score distribution"]) {
      await expect(page.getByRole("img", { name })).toBeVisible();
    }
    // One total on top of each week's bar that had conversations, in week order.
    const volume = page.getByRole("img", { name: "Conversations per week by channel" });
    await expect(volume.locator(".chart-value")).toHaveText(
      report.weeks.filter((week) => week.figures.conversations > 0).map((week) => String(week.figures.conversations)),
    );
    // Each CSAT bar: its count and share of all answers, 5 first.
    const answers = report.overall.csat.responses;
    await expect(page.getByRole("img", { name: "CSAT score distribution" }).locator(".chart-value")).toHaveText(
      [4, 3, 2, 1, 0].map((i) => {
        const n = report.overall.csat.distribution[i]!;
        return `${n} · ${Math.round((n / answers) * 100)}%`;
      }),
    );
    // The per-rep and per-team tables list everyone the report does.
    await expect(page.getByRole("region", { name: "By rep" }).locator("tbody tr")).toHaveCount(report.reps.length);
    await expect(page.getByRole("region", { name: "By team" }).locator("tbody tr")).toHaveCount(report.teams.length);
  });

  test("switches between 4, 8 and 12 weeks", async ({ page, login, server }) => {
    const twelve = demoReport(server, 12);
    await openReports(page, login);
    const period = page.getByRole("navigation", { name: "Period" });
    await expect(period.getByRole("link", { name: "8 weeks" })).toHaveAttribute("aria-current", "page");

    await period.getByRole("link", { name: "12 weeks" }).click();
    await expect(page).toHaveURL(/\/reports\?weeks=12$/);
    await expect(period.getByRole("link", { name: "12 weeks" })).toHaveAttribute("aria-current", "page");
    await expect(tile(page, "Conversations")).toContainText(String(twelve.overall.conversations));
    await expect(page.getByText("12 weeks, Monday to Sunday (UTC)")).toBeVisible();
    await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", "/reports.csv?weeks=12");
  });

  test("downloads the CSV: a header, then a row per week and rep", async ({ page, login, server }) => {
    const report = demoReport(server);
    await openReports(page, login, "ana@demo.example");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tandem-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(REPORT_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1 + report.weeks.length * report.reps.length + 1);
    expect(lines.filter((line) => line.includes(",Ben Carter,ben@demo.example,Technical Support,"))).toHaveLength(
      report.weeks.length,
    );
  });
});
