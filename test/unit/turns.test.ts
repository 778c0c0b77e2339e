import { describe, expect, it } from 'vitest';
import { TURN_MS, inForeground, runInTurns, type Steps } from '../../main/query/turns';

/** A step long enough that a turn is due after it. */
function longStep(): void {
  const t = performance.now();
  while (performance.now() - t < TURN_MS + 1);
}

function* build(done: { steps: number }, steps: number): Steps<number> {
  for (let i = 0; i < steps; i++) {
    longStep();
    done.steps++;
    yield;
  }
  return done.steps;
}

/** Lets the event loop go round `n` times. */
async function loops(n: number): Promise<void> {
  for (let k = 0; k < n; k++) await new Promise((resolve) => setImmediate(resolve));
}

describe('background work in turns and foreground work', () => {
  it('a build waits at its turns while foreground work runs, and goes on when it ends', async () => {
    let release!: () => void;
    const foreground = inForeground(() => new Promise<string>((r) => (release = () => r('counted'))));
    const done = { steps: 0 };
    const building = runInTurns(build(done, 5), () => false);
    await loops(20);
    // The first step ran, then its turn found foreground work running.
    expect(done.steps).toBe(1);
    release();
    expect(await foreground).toBe('counted');
    expect(await building).toBe(5);
  });

  it('without foreground work, a build takes its turns and ends', async () => {
    const done = { steps: 0 };
    expect(await runInTurns(build(done, 3), () => false)).toBe(3);
  });

  it('foreground work that fails still lets the build go on', async () => {
    const done = { steps: 0 };
    let fail!: () => void;
    const foreground = inForeground(
      () => new Promise<void>((_, reject) => (fail = () => reject(new Error('count failed')))),
    );
    const building = runInTurns(build(done, 3), () => false);
    await loops(10);
    expect(done.steps).toBe(1);
    fail();
    await expect(foreground).rejects.toThrow('count failed');
    expect(await building).toBe(3);
  });

  it('a build cancelled while it waits ends with null and runs no further step', async () => {
    let release!: () => void;
    const foreground = inForeground(() => new Promise<void>((r) => (release = r)));
    const done = { steps: 0 };
    let cancelled = false;
    const building = runInTurns(build(done, 5), () => cancelled);
    await loops(10);
    cancelled = true;
    release();
    await foreground;
    expect(await building).toBeNull();
    expect(done.steps).toBe(1);
  });
});
