import { describe, expect, it } from "vitest";
import { csvField, csvRow, toCsv } from "../../db/csv";
import { emptyTally, reportPeriod, summarise, type KeyFigures } from "../../db/report-math";
import {
  REPORT_CSV_HEADER,
  reportCsvFileName,
  reportToCsv,
  type Report,
  type ReportRep,
} from "../../db/reports.server";

describe("csvField", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvField("Ana Lima")).toBe("Ana Lima");
    expect(csvField(42)).toBe("42");
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(0)).toBe("0");
    expect(csvField(true)).toBe("true");
  });

  it("writes nothing for missing values and for numbers that are not finite", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
  });

  it("quotes a field holding a comma, a quote or a line break, doubling quotes", () => {
    expect(csvField("Carter, Ben")).toBe('"Carter, Ben"');
    expect(csvField('Ben "the fixer" Carter')).toBe('"Ben ""the fixer"" Carter"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(csvField('"')).toBe('""""');
  });

  it("keeps text a spreadsheet would run as a formula as text", () => {
    expect(csvField('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    // Numbers are numbers, negative or not.
    expect(csvField(-1)).toBe("-1");
  });

  it("leaves non-ASCII text as it is", () => {
    expect(csvField("Zoë Ødegård")).toBe("Zoë Ødegård");
  });
});

describe("toCsv", () => {
  it("writes the header, then each row, every line ended by CRLF", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          [1, "x,y"],
          [null, 'q"'],
        ]
      )
    ).toBe('a,b\r\n1,"x,y"\r\n,"q"""\r\n');
    expect(csvRow(["a", 1, null])).toBe("a,1,");
  });

  it("writes only the header when there are no rows", () => {
    expect(toCsv(["a", "b"], [])).toBe("a,b\r\n");
  });
});

function figures(change: (figures: KeyFigures) => void = () => {}): KeyFigures {
  const result = summarise(emptyTally());
  change(result);
  return result;
}

describe("reportToCsv", () => {
  const period = reportPeriod(new Date("2026-11-25T10:00:00Z"), 4);
  const ana: ReportRep = { id: 1, name: 'Ana "AJ" Lima, Jr.', email: "ana@demo.example", teamName: "Customer Success" };
  const unassigned: ReportRep = { id: null, name: "Unassigned", email: null, teamName: null };
  const busy = figures((f) => {
    f.conversations = 3;
    f.byChannel = { email: 2, chat: 1, slack: 0 };
    f.firstResponse = { count: 2, medianMs: 5_130_000, p90Ms: 9_999_999 };
    f.resolution = { count: 1, medianMs: 86_400_000 };
    f.sla = { measured: 3, met: 2, attainment: 2 / 3 };
    f.csat = { sent: 3, responses: 2, average: 4.5, responseRate: 2 / 3, distribution: [0, 0, 0, 1, 1] };
  });
  const report: Report = {
    period,
    generatedAt: new Date("2026-11-25T10:00:00Z"),
    overall: busy,
    weeks: period.weekStarts.map((weekStart) => ({ weekStart, figures: figures() })),
    reps: [],
    teams: [],
    repWeeks: period.weekStarts.flatMap((weekStart, i) => [
      { weekStart, rep: ana, figures: i === 3 ? busy : figures() },
      { weekStart, rep: unassigned, figures: figures() },
    ]),
  };
  const lines = reportToCsv(report).split("\r\n");

  it("starts with the header row", () => {
    expect(lines[0]).toBe(REPORT_CSV_HEADER.join(","));
    expect(REPORT_CSV_HEADER).toHaveLength(25);
  });

  it("has one row per week × rep and ends with a line break", () => {
    expect(lines).toHaveLength(1 + 4 * 2 + 1);
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(1, -1).map((line) => line.slice(0, 10))).toEqual([
      "2026-11-02",
      "2026-11-02",
      "2026-11-09",
      "2026-11-09",
      "2026-11-16",
      "2026-11-16",
      "2026-11-23",
      "2026-11-23",
    ]);
  });

  it("writes every figure, in minutes and percent, escaping the rep's name", () => {
    expect(lines[7]).toBe(
      [
        "2026-11-23",
        '"Ana ""AJ"" Lima, Jr."',
        "ana@demo.example",
        "Customer Success",
        "3",
        "2",
        "1",
        "0",
        "2",
        "85.5",
        "166.7",
        "1",
        "1440",
        "3",
        "2",
        "66.7",
        "3",
        "2",
        "66.7",
        "4.5",
        "0",
        "0",
        "0",
        "1",
        "1",
      ].join(",")
    );
  });

  it("leaves cells empty where nothing was measured, zero where nothing happened", () => {
    expect(lines[2]).toBe("2026-11-02,Unassigned,,,0,0,0,0,0,,,0,,0,0,,0,0,,,0,0,0,0,0");
  });

  it("names the file after the period's first and last day", () => {
    expect(reportCsvFileName(report)).toBe("tandem-report-2026-11-02-to-2026-11-29.csv");
  });
});
