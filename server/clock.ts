/**
 * The one source of "now" and "today". The demo runs on a scenario clock that starts at
 * 2020-03-10 09:00 Asia/Shanghai and advances with real time; `TONGCHOU_CLOCK=real` uses the
 * wall clock, an ISO timestamp starts the scenario there. Tests use a manual clock they move.
 */
export const DEFAULT_SCENARIO_START = '2020-03-10T09:00:00+08:00';
export const TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export interface Clock {
  now(): Date;
  /** The calendar day in Asia/Shanghai, YYYY-MM-DD. */
  today(): string;
  kind: 'real' | 'scenario' | 'manual';
  /** Manual clocks only. */
  set?(iso: string | Date): void;
  advance?(ms: number): void;
}

/** Calendar day (Asia/Shanghai, no DST) of an instant. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai wall-clock time occurs, e.g. ('2020-03-10', '10:00'). */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function parseStart(spec: string): Date {
  const d = new Date(spec);
  if (Number.isNaN(d.getTime())) {
    throw new Error(`TONGCHOU_CLOCK must be "real", "scenario" or an ISO timestamp, got "${spec}"`);
  }
  return d;
}

/** Builds the clock from the TONGCHOU_CLOCK setting. */
export function createClock(spec = 'scenario'): Clock {
  if (spec === 'real') {
    return { kind: 'real', now: () => new Date(), today: () => shanghaiDate(new Date()) };
  }
  const start = parseStart(spec === 'scenario' ? DEFAULT_SCENARIO_START : spec).getTime();
  const bootedAt = Date.now();
  const now = () => new Date(start + (Date.now() - bootedAt));
  return { kind: 'scenario', now, today: () => shanghaiDate(now()) };
}

/** A clock that only moves when told to: for tests of deadlines, expiry and lockout. */
export function createManualClock(start: string | Date = DEFAULT_SCENARIO_START): Clock {
  let t = new Date(start).getTime();
  return {
    kind: 'manual',
    now: () => new Date(t),
    today: () => shanghaiDate(new Date(t)),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
