import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseReportWeeks } from "../../db/report-math";
import { buildReport, reportCsvFileName, reportToCsv } from "../../db/reports.server";

/**
 * GET /reports.csv?weeks=4|8|12: the report as CSV, one row per week × rep,
 * downloaded as a file. Signed-in only, like the page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const weeks = parseReportWeeks(new URL(request.url).searchParams.get("weeks"));
  const report = buildReport(context.db, user.workspaceId, { weeks });
  return new Response(reportToCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportCsvFileName(report)}"`,
      // The workspace's figures: neither shared caches nor the browser's history keep a copy.
      "Cache-Control": "private, no-store",
    },
  });
}
