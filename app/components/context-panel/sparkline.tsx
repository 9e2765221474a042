const WIDTH = 300;
const HEIGHT = 48;
const PAD = 3;

/**
 * A small inline-SVG line over an area, stretched to its container's width.
 * The stroke keeps its width however the SVG is scaled.
 */
export function Sparkline({ values, label, tone }: { values: number[]; label: string; tone: "up" | "flat" | "down" }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? WIDTH / (values.length - 1) : WIDTH;
  const points = values.map((value, i) => [i * step, HEIGHT - PAD - (value / max) * (HEIGHT - 2 * PAD)] as const);
  const line = points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x.toFixed(1)} ${y.toFixed(1)}`).join(" ");
  const area = `${line} L${WIDTH} ${HEIGHT} L0 ${HEIGHT} Z`;
  return (
    <svg
      className={`ctx-spark ctx-spark-${tone}`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <path className="ctx-spark-area" d={area} />
      <path className="ctx-spark-line" d={line} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
