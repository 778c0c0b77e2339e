/** Microsoft's fiscal year: 1 July – 30 June, named by the year in which it ends. */
export interface FiscalYear {
  name: string; // "FY27"
  start: string; // ISO date, inclusive
  end: string; // ISO date, inclusive
}

export function fiscalYearOf(isoDate: string): FiscalYear {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`not an ISO date: ${isoDate}`);
  const year = Number(m[1]);
  const endYear = Number(m[2]) >= 7 ? year + 1 : year;
  return {
    name: `FY${String(endYear % 100).padStart(2, '0')}`,
    start: `${endYear - 1}-07-01`,
    end: `${endYear}-06-30`,
  };
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** Today's date in local time, as the default as-of date. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
