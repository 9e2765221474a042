export interface DistributionBar {
  /** "5", drawn large. */
  label: string;
  /** "Excellent", drawn beside the label. */
  caption: string;
  value: number;
  color: string;
}

const WIDTH = 360;
const ROW = 36;
const LABEL_WIDTH = 96;
const VALUE_WIDTH = 64;

/** Horizontal bars, one per category, with the count and its share of the total. */
export function DistributionChart({ title, bars }: { title: string; bars: DistributionBar[] }) {
  const total = bars.reduce((sum, bar) => sum + bar.value, 0);
  const most = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * ROW + 4;
  const track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const share = (value: number) => (total > 0 ? `${Math.round((value / total) * 100)}%` : "0%");

  return (
    <div className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="chart-svg" role="img" aria-label={title}>
        {bars.map((bar, i) => {
          const top = i * ROW + 4;
          const width = bar.value > 0 ? Math.max(3, (bar.value / most) * track) : 0;
          return (
            <g key={bar.label} className="chart-bar">
              <title>{`${bar.label} (${bar.caption}): ${bar.value} of ${total}`}</title>
              <text className="chart-category" x={0} y={top + ROW / 2 - 2} dy="0.32em">
                {bar.label}
              </text>
              <text className="chart-axis-label" x={18} y={top + ROW / 2 - 2} dy="0.32em">
                {bar.caption}
              </text>
              <rect x={LABEL_WIDTH} y={top + 5} width={track} height={ROW - 14} rx={4} className="chart-track" />
              {width > 0 ? (
                <rect x={LABEL_WIDTH} y={top + 5} width={width} height={ROW - 14} rx={4} fill={bar.color} />
              ) : null}
              <text className="chart-value" x={WIDTH} y={top + ROW / 2 - 2} dy="0.32em" textAnchor="end">
                {bar.value} · {share(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">
                {bar.label} ({bar.caption})
              </th>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
