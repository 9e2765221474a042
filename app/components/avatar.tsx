import { initials } from "../lib/format";

/** A person's initials on a colour derived from their name, stable across pages. */
export function Avatar({ name, size = "md" }: { name: string | null | undefined; size?: "sm" | "md" }) {
  let hue = 0;
  for (const char of name ?? "") hue = (hue * 31 + char.charCodeAt(0)) % 360;
  return (
    <span className={`avatar avatar-${size}`} style={{ backgroundColor: `hsl(${hue} 55% 42%)` }} title={name ?? undefined}>
      {initials(name)}
    </span>
  );
}
