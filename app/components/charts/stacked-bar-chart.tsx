import { AxisLabel, type AxisTick } from "./axis-label";
import { niceCountTicks } from "./scale";

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface StackedBarRow {
  /** The row's name, "3 Nov": in the accessible table. */
  label: string;
  /** The axis label ("3") and the group it starts, shown once per group ("Nov"). */
  tick: AxisTick;
  /** Read on hover and by screen readers: "Week of 3 Nov: 12 conversations". */
  description: string;
  /** One value per series, in the series' order. */
  values: number[];
}

const WIDTH = 360;
const HEIGHT = 210;
const MARGIN = { top: 18, right: 6, bottom: 34, left: 34 };

/** Vertical bars, one per row, each stacked by series; totals printed on top. */
export function StackedBarChart({
  title,
  series,
  rows,
}: {
  title: string;
  series: ChartSeries[];
  rows: StackedBarRow[];
}) {
  const totals = rows.map((row) => row.values.reduce((sum, value) => sum + value, 0));
  const ticks = niceCountTicks(Math.max(0, ...totals));
  const top = ticks.at(-1)!;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(1, rows.length);
  const barWidth = Math.min(28, band * 0.6);
  // Every other axis label when weeks would crowd, always keeping the latest week.
  const labelEvery = rows.length > 8 ? 2 : 1;

  return (
    <div className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" role="img" aria-label={title}>
        <g className="chart-gridlines">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {tick}
              </text>
            </g>
          ))}
        </g>
        {rows.map((row, i) => {
          const center = MARGIN.left + band * i + band / 2;
          let stacked = 0;
          return (
            <g key={row.label} className="chart-bar">
              <title>{row.description}</title>
              {/* The whole band answers hover, not just the painted part. */}
              <rect x={center - band / 2} y={MARGIN.top} width={band} height={plotHeight} fill="transparent" />
              {row.values.map((value, s) => {
                if (value <= 0) return null;
                const bottom = y(stacked);
                stacked += value;
                return (
                  <rect
                    key={series[s]?.key ?? s}
                    x={center - barWidth / 2}
                    y={y(stacked)}
                    width={barWidth}
                    height={bottom - y(stacked)}
                    fill={series[s]?.color}
                  />
                );
              })}
              {totals[i]! > 0 ? (
                <text className="chart-value" x={center} y={y(totals[i]!) - 5} textAnchor="middle">
                  {totals[i]}
                </text>
              ) : null}
              <AxisLabel
                ticks={rows.map((r) => r.tick)}
                index={i}
                every={labelEvery}
                x={center}
                y={HEIGHT - MARGIN.bottom + 14}
              />
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className="chart-swatch" style={{ backgroundColor: s.color }} aria-hidden />
            {s.label}
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.values.map((value, s) => (
                <td key={series[s]?.key ?? s}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
