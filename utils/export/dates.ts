/** Dates as the exporters write them. */

/** An ISO-8601 date-time in UTC to the second ("2024-04-19T08:00:00Z"), or null for an invalid time. */
export function isoSeconds(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whole seconds since the epoch (Netscape ADD_DATE, Pocket time_added); 0 for an invalid time. */
export function unixSeconds(ms: number | null): number {
  return ms !== null && Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
}
