// The parts of OData's URL conventions that Graph applies to the connector routes: keys in
// parentheses, and $select.

/**
 * The path with each key segment `name('key')` turned into `name/key`, the one form the route table
 * knows. The key may be percent-encoded, and doubles a quote inside it ('it''s'). A path whose
 * encoding is broken, or a key that is not a quoted string, is an Error naming the segment.
 */
export function keysAsSegments(path: string): string | Error {
  const segments = path.split("/").map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return new Error(`The path segment '${segment.slice(0, 100)}' is not valid percent-encoding.`);
    }
    const open = decoded.indexOf("(");
    if (open <= 0 || !decoded.endsWith(")")) return segment;
    const key = /^'((?:[^']|'')*)'$/.exec(decoded.slice(open + 1, -1));
    if (!key) {
      return new Error(
        `The key in '${decoded.slice(0, 100)}' must be a string in single quotes, such as ${decoded.slice(0, open)}('id').`,
      );
    }
    const name = encodeURIComponent(decoded.slice(0, open));
    return `${name}/${encodeURIComponent(key[1].replaceAll("''", "'"))}`;
  });
  const broken = segments.find((s): s is Error => s instanceof Error);
  return broken ?? segments.join("/");
}

/**
 * The properties $select asks for, by their declared names, with id always among them (Graph keeps
 * the key); undefined when it asks for all. An unknown name is an Error in Graph's words.
 */
export function selection(query: URLSearchParams, type: string, properties: readonly string[]) {
  // Graph takes query options with or without the $.
  const text = query.get("$select") ?? query.get("select");
  if (!text?.trim()) return undefined;
  const names = text.split(",").map((name) => name.trim());
  if (names.includes("*")) return undefined;
  const chosen: string[] = [];
  for (const name of names) {
    const declared = properties.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!declared)
      return new Error(`Could not find a property named '${name.slice(0, 100)}' on type '${type}'.`);
    if (!chosen.includes(declared)) chosen.push(declared);
  }
  return chosen;
}

/** The entity with only the chosen properties, and its id. */
export function project<T extends { id: string }>(entity: T, chosen?: string[]): Partial<T> {
  if (!chosen) return entity;
  const entries = Object.entries(entity).filter(([key]) => key === "id" || chosen.includes(key));
  return Object.fromEntries(entries) as Partial<T>;
}
