/**
 * Small pieces of desktop state as pure functions: the window's remembered bounds (kept only
 * if they are still on a screen), recent workspaces, and which command-line arguments are
 * files to import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IMPORTABLE } from './security';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds?: Rect;
  maximized?: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;

function isRect(v: unknown): v is Rect {
  const r = v as Rect;
  return (
    typeof v === 'object' &&
    v !== null &&
    [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/**
 * The bounds to open the window with: the saved ones if at least a 100×50 piece of their top
 * lies on one of the screens' work areas (a monitor may have gone), sized at least MIN_SIZE;
 * otherwise none (Electron centres the default size).
 */
export function restoreWindowState(raw: string | null, workAreas: Rect[]): WindowState {
  let saved: unknown;
  try {
    saved = raw ? JSON.parse(raw) : null;
  } catch {
    return {};
  }
  if (typeof saved !== 'object' || saved === null) return {};
  const s = saved as { bounds?: unknown; maximized?: unknown };
  const maximized = s.maximized === true;
  if (!isRect(s.bounds)) return { maximized };
  const b = {
    x: Math.round(s.bounds.x),
    y: Math.round(s.bounds.y),
    width: Math.max(MIN_SIZE.width, Math.round(s.bounds.width)),
    height: Math.max(MIN_SIZE.height, Math.round(s.bounds.height)),
  };
  const visible = workAreas.some((a) => {
    const w = Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x);
    const h = Math.min(b.y + 50, a.y + a.height) - Math.max(b.y, a.y);
    return w >= 100 && h >= 50;
  });
  return visible ? { bounds: b, maximized } : { maximized };
}

export const RECENT_MAX = 8;

/** Recent workspaces, most recent first, without duplicates, at most RECENT_MAX. */
export function addRecent(list: readonly string[], p: string, max = RECENT_MAX): string[] {
  return [p, ...list.filter((x) => x !== p)].slice(0, max);
}

export function parseRecent(raw: string | null): string[] {
  try {
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

/**
 * Files to import given on a command line (a first launch, or a second launch passing them on
 * through the single-instance lock): existing files with an importable extension. Options and
 * Electron's own arguments are skipped.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of argv) {
    if (!a || a.startsWith('-') || !IMPORTABLE.test(a)) continue;
    const p = path.resolve(cwd, a);
    if (fs.statSync(p, { throwIfNoEntry: false })?.isFile() && !out.includes(p)) out.push(p);
  }
  return out.slice(0, 100);
}

/** A state file's text, or null when it cannot be read (first launch, removed). */
export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Writes a state file; a failure is logged, never thrown (the app works on without it). */
export function writeJson(file: string, value: unknown, errorLine: (e: unknown) => string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value));
  } catch (e) {
    console.error(`Ascent Workbench: cannot write ${file}: ${errorLine(e)}`);
  }
}
