import stringify from "safe-stable-stringify";

/**
 * Triggers are stored twice per resource (inputs and outputs) and rewritten
 * with every checkpoint, and each `check` walks them; so they are bounded.
 */
export const triggerLimits = { depth: 32, bytes: 32 * 1024 };

/** Canonical JSON: key order does not count, so `{a, b}` and `{b, a}` are the same triggers. */
export const canonical = (value: unknown): string => stringify(value ?? null) ?? "null";

/**
 * How deep the value nests, and whether it refers to itself, found without
 * recursion (a 100,000-level value overflows no stack). The walk stops after
 * as many values as the size bound has bytes: each takes at least one byte of
 * JSON, so a value with more is too large, and a value that shares one object
 * many times over costs no more than that to refuse.
 */
function walk(value: unknown) {
  const onPath = new Set<object>();
  const stack: { value: unknown; depth: number; leave?: object }[] = [{ value, depth: 0 }];
  let depth = 0;
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.leave) {
      onPath.delete(frame.leave);
      continue;
    }
    if (typeof frame.value !== "object" || frame.value === null) continue;
    if (onPath.has(frame.value)) return { depth, cyclic: true, overflow: false };
    if (++visited > triggerLimits.bytes) return { depth, cyclic: false, overflow: true };
    depth = Math.max(depth, frame.depth + 1);
    onPath.add(frame.value);
    stack.push({ value: undefined, depth: frame.depth, leave: frame.value });
    for (const child of Object.values(frame.value)) stack.push({ value: child, depth: frame.depth + 1 });
  }
  return { depth, cyclic: false, overflow: false };
}

/** What is wrong with these triggers, measured, or undefined when they are within the bounds. */
export function triggersMeasure(value: unknown): string | undefined {
  const { depth, cyclic, overflow } = walk(value);
  if (cyclic) return "it refers to itself";
  if (depth > triggerLimits.depth) return `nested ${overflow ? "at least " : ""}${depth} levels deep`;
  if (overflow) return `over ${triggerLimits.bytes} bytes as canonical JSON`;
  const bytes = Buffer.byteLength(canonical(value), "utf8");
  return bytes > triggerLimits.bytes ? `${bytes} bytes as canonical JSON` : undefined;
}
