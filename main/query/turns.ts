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
