/**
 * Parses Stripe's form encoding (`metadata[a]=1&line_items[0][price_data][unit_amount]=500&expand[0]=x`) into nested
 * objects and arrays: what the official SDK sends.
 */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const [head, ...rest] = rawKey.split('[');
    const path = [head!, ...rest.map((part) => part.replace(/\]$/, ''))];
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      if (last) {
        if (segment === '' && Array.isArray(node)) (node as unknown as unknown[]).push(value);
        else node[segment] = value;
        return;
      }
      const nextIsIndex = /^\d*$/.test(path[i + 1]!);
      node[segment] ??= nextIsIndex ? [] : {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return compactArrays(root) as Record<string, unknown>;
}

/** Sparse arrays from indexed keys become dense. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compactArrays(item)]));
  }
  return value;
}
