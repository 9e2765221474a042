/** How far along a piece of work is: a bar with its count beside it, announced to screen readers. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-label={label}>
      <span className="progress-track">
        <span className="progress-fill" style={{ width: `${share * 100}%` }} />
      </span>
      <span className="progress-label">{label}</span>
    </div>
  );
}
