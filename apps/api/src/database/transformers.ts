/** A `bigint` column read as a JS number (seqs and counters stay far below 2^53). */
export const bigintToNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) };

/** A nullable `bigint` column read as a JS number or null. */
export const bigintToNullableNumber = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
