import { createHash } from "node:crypto";

/**
 * Deterministic GUIDs: the same seed and the same sequence of creates give the same IDs, so runs are
 * reproducible. Formatted as RFC 4122 version 4 UUIDs, like Genesys IDs.
 */
export function createIdGenerator(seed: string): () => string {
  let counter = 0;
  return () => uuidFrom(`${seed}:${counter++}`);
}

export function uuidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x40;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A small seeded PRNG (mulberry32) for deterministic fault injection and data generation. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
