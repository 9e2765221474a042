/** Two texts compared word by word (longest common subsequence): what a reader needs to see what changed in an output. */
export type DiffPart = { kind: "same" | "removed" | "added"; text: string };

/** Past this many words on either side, the texts are shown whole rather than compared. */
const MAX_WORDS = 1_500;

export function wordDiff(before: string, after: string): DiffPart[] {
  // A word keeps the space after it, so spaces alone never count as common ground.
  const a = before.match(/^\s+|\S+\s*/g) ?? [];
  const b = after.match(/^\s+|\S+\s*/g) ?? [];
  if (a.length > MAX_WORDS || b.length > MAX_WORDS) return [{ kind: "removed", text: before }, { kind: "added", text: after }];
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i++]!);
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) push("removed", a[i++]!);
    else push("added", b[j++]!);
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return parts;
}
