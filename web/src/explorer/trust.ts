// The "Real data only" switch. The seed data invents every enterprise and attendance
// (marked isSample); an officer preparing a real briefing must be able to leave all of
// it out at once, in every analytic view, without setting a filter per query. The
// choice is remembered in localStorage, like the language.

const STORAGE = "explorer.realOnly";

/** True when the user asked to count real facts only. */
export function realOnly(): boolean {
  return localStorage.getItem(STORAGE) === "1";
}

/** Remembers the switch for this and later visits. */
export function setRealOnly(on: boolean): void {
  if (on) localStorage.setItem(STORAGE, "1");
  else localStorage.removeItem(STORAGE);
}

/** The `trust` argument for an analytics query: ``base`` (e.g. an evidence filter, or
 *  null for none) with `includeSample: false` added when the switch is on. Null when
 *  there is nothing to filter, so the server applies its defaults. */
export function trustFilter(base: Record<string, unknown> | null = null): Record<string, unknown> | null {
  if (!realOnly()) return base;
  return { ...(base ?? {}), includeSample: false };
}
