/** A category axis label: "12", with its group ("Oct") beneath the first label shown in each group. */
export interface AxisTick {
  label: string;
  group?: string;
}

/**
 * The label for tick `index`, drawn when it is one of every `every` ticks
 * counting back from the last (so the latest is always labelled).
 */
export function AxisLabel({
  ticks,
  index,
  every,
  x,
  y,
}: {
  ticks: AxisTick[];
  index: number;
  every: number;
  x: number;
  y: number;
}) {
  const shown = (i: number) => (ticks.length - 1 - i) % every === 0;
  if (!shown(index)) return null;
  const tick = ticks[index]!;
  let previous = index - 1;
  while (previous >= 0 && !shown(previous)) previous--;
  const newGroup = tick.group !== undefined && (previous < 0 || ticks[previous]!.group !== tick.group);
  return (
    <text className="chart-axis-label" x={x} y={y} textAnchor="middle">
      {tick.label}
      {newGroup ? (
        <tspan className="chart-axis-group" x={x} dy={13}>
          {tick.group}
        </tspan>
      ) : null}
    </text>
  );
}
