/**
 * Reads started together. Promise.all rejects as soon as one read fails and lets the others run on unobserved,
 * and which error wins depends on timing. `settled` waits for every read to settle, then rejects with the first
 * failure in argument order (the one the same reads made one after another would have met first), so no request is
 * still running when the caller moves on, no rejection is left unhandled, and the error is deterministic.
 */

/** Every value, in argument order; after all have settled, the first rejection in argument order, if any. */
export async function settled<T extends readonly unknown[] | []>(
  values: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(values);
  const out: unknown[] = [];
  for (const r of results) {
    if (r.status === "rejected") throw r.reason;
    out.push(r.value);
  }
  return out as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** `fn` over every item at once (the client's pacer decides how many requests go together), results in order. */
export function settledMap<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  // Each call wrapped, so one that throws before its first await still leaves the others observed.
  return settled(items.map(async (item, i) => fn(item, i)));
}
