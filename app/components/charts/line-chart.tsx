import { AxisLabel, type AxisTick } from "./axis-label";

export interface LinePoint {
  /** The point's name, "3 Nov": in the accessible table. */
  label: string;
  tick: AxisTick;
  /** null: nothing measured; the line breaks there. */
  value: number | null;
  description: string;
}

const WIDTH = 360;
const HEIGHT = 210;
const MARGIN = { top: 22, right: 6, bottom: 34, left: 46 };

/**
 * One value per week as a line with dots, broken where a week has no value.
 * Laid out on the same bands as StackedBarChart, so weeks line up between charts.
 */
export function LineChart({
  title,
  points,
  ticks,
  formatValue,
  color,
}: {
  title: string;
  points: LinePoint[];
  /** Ascending from 0; the last is the top of the axis. */
  ticks: number[];
  formatValue: (value: number) => string;
  color: string;
}) {
  const top = ticks.at(-1) || 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, points.length);
  const x = (i: number) => MARGIN.left + band * i + band / 2;
  const y = (value: number) => MARGIN.top + plotHeight - (Math.min(value, top) / top) * plotHeight;
  const baseline = y(0);
  const labelEvery = points.length > 8 ? 2 : 1;
  const showValues = points.length <= 8;

  // Runs of consecutive weeks with a value, each drawn as its own line.
  const runs: { i: number; value: number }[][] = [];
  points.forEach((point, i) => {
    if (point.value === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1)!.i === i - 1) last.push({ i, value: point.value });
    else runs.push([{ i, value: point.value }]);
  });

  return (
    <div className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" role="img" aria-label={title}>
        <g className="chart-gridlines">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {tick === 0 ? "0" : formatValue(tick)}
              </text>
            </g>
          ))}
        </g>
        {runs.map((run) => {
          const line = run.map((p) => `${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" L");
          const area = `M${x(run[0]!.i).toFixed(1)},${baseline} L${line} L${x(run.at(-1)!.i).toFixed(1)},${baseline} Z`;
          return (
            <g key={run[0]!.i}>
              <path d={area} fill={color} opacity={0.08} />
              <path
                d={`M${line}`}
                fill="none"
                stroke={color}
                strokeWidth={2.25}
                strokeLinejoin="round"
                strokeLinecap="round"
              />
            </g>
          );
        })}
        {points.map((point, i) => (
          <g key={point.label} className="chart-point">
            <title>{point.description}</title>
            <rect x={x(i) - band / 2} y={MARGIN.top} width={band} height={plotHeight} fill="transparent" />
            {point.value === null ? (
              <circle cx={x(i)} cy={baseline} r={2.5} className="chart-missing" />
            ) : (
              <>
                <circle cx={x(i)} cy={y(point.value)} r={4} fill="#fff" stroke={color} strokeWidth={2.25} />
                {showValues ? (
                  <text className="chart-value" x={x(i)} y={y(point.value) - 9} textAnchor="middle">
                    {formatValue(point.value)}
                  </text>
                ) : null}
              </>
            )}
            <AxisLabel
              ticks={points.map((p) => p.tick)}
              index={i}
              every={labelEvery}
              x={x(i)}
              y={HEIGHT - MARGIN.bottom + 14}
            />
          </g>
        ))}
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {points.map((point) => (
            <tr key={point.label}>
              <th scope="row">{point.label}</th>
              <td>{point.value === null ? "No data" : formatValue(point.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
