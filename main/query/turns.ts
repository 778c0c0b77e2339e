/** How long work in the service runs before it gives the event loop a turn. */
export const TURN_MS = 15;

/**
 * Turns for the event loop during long work (a scan, a build), so that requests are answered
 * meanwhile: `due()` is cheap enough to ask every few hundred rows, `turn()` yields once TURN_MS
 * have passed since the last turn.
 */
export class Turns {
  private last = performance.now();
  constructor(private readonly cancelled: () => boolean = () => false) {}
  due(): boolean {
    return performance.now() - this.last >= TURN_MS;
  }
  /** Yields (if due, or when `always`); true when the work should stop. */
  async turn(always = false): Promise<boolean> {
    if (always || this.due()) {
      await new Promise((resolve) => setImmediate(resolve));
      this.last = performance.now();
    }
    return this.cancelled();
  }
}

/** Foreground work running now: a request's own count, which background work makes way for. */
let foreground = 0;
let whenNoForeground: (() => void)[] = [];

/**
 * Runs a request's own long work (a facet count) in the foreground: while any runs, background
 * work (a build in runInTurns) gives up its turns, so that each turn the request yields goes to
 * other requests rather than to the build. Without it, a count of 0.1 s took 0.3–0.5 s while
 * the call list's book was built after a workspace opened. `work` must not wait for background
 * work, which waits for it.
 */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  foreground++;
  try {
    return await work();
  } finally {
    if (--foreground === 0) {
      const waiting = whenNoForeground;
      whenNoForeground = [];
      for (const resume of waiting) resume();
    }
  }
}

/** Resolves once no foreground work runs. */
async function foregroundDone(): Promise<void> {
  while (foreground > 0) await new Promise<void>((resume) => whenNoForeground.push(resume));
}

/** A step of long work: each `yield` is a place where a turn may be taken. */
export type Steps<T> = Generator<void, T, void>;

/**
 * `items` sorted, as a merge sort of slices with a step between them (500k names sort in ≈ 0.4 s);
 * the last merges, of up to all the items, take a step each.
 */
export function* sortSteps<T>(items: T[], cmp: (a: T, b: T) => number): Steps<T[]> {
  const SLICE = 32_768;
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    runs.push(items.slice(i, i + SLICE).sort(cmp));
    yield;
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const b = runs[i + 1];
      next.push(b ? merge(runs[i]!, b, cmp) : runs[i]!);
      yield;
    }
    runs = next;
  }
  return runs[0] ?? [];
}

/** Two sorted runs as one (a function of its own: the engine optimises its loop). */
function merge<T>(a: T[], b: T[], cmp: (a: T, b: T) => number): T[] {
  const out = new Array<T>(a.length + b.length);
  let x = 0;
  let y = 0;
  let k = 0;
  while (x < a.length && y < b.length) out[k++] = cmp(a[x]!, b[y]!) <= 0 ? a[x++]! : b[y++]!;
  while (x < a.length) out[k++] = a[x++]!;
  while (y < b.length) out[k++] = b[y++]!;
  return out;
}

/**
 * Runs steps giving the event loop a turn every TURN_MS, so that requests are answered
 * meanwhile, and waiting at a turn while foreground work runs (inForeground); null when
 * `cancelled()` turns true (the steps are then ended, their `finally` run).
 */
export async function runInTurns<T>(steps: Steps<T>, cancelled: () => boolean): Promise<T | null> {
  const turns = new Turns(cancelled);
  if (cancelled()) {
    steps.return(undefined as never);
    return null;
  }
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (!turns.due()) continue;
    const stop = await turns.turn();
    if (!stop) await foregroundDone();
    if (stop || cancelled()) {
      steps.return(undefined as never);
      return null;
    }
  }
}

/** Runs steps to the end at once (tests, the CLI: nothing else waits). */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
