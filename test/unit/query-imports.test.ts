import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '../../main');

/** Every .ts file under `dir`, recursively. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The files a file imports (or re-exports from) by a relative path. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.{1,2}\/[^']+)'/gms)].map((m) => {
    const target = path.resolve(path.dirname(file), m[1]!);
    return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
  });
}

describe('main/query and its row store (main/query/store/)', () => {
  const all = files(MAIN);
  const graph = new Map(all.map((f) => [f, importsOf(f)]));

  it('import one another in no cycle, the store folder included', () => {
    const query = all.filter((f) => f.startsWith(path.join(MAIN, 'query')));
    const cycle = (from: string, seen: string[]): string[] | null => {
      if (seen.includes(from)) return [...seen.slice(seen.indexOf(from)), from];
      for (const next of graph.get(from) ?? []) {
        if (!next.startsWith(path.join(MAIN, 'query'))) continue;
        const found = cycle(next, [...seen, from]);
        if (found) return found;
      }
      return null;
    };
    expect(query.some((f) => f.includes(`${path.sep}store${path.sep}`))).toBe(true);
    for (const f of query) expect(cycle(f, [])?.map((p) => path.relative(MAIN, p)) ?? null, f).toBeNull();
  });

  it('keep the store free of the SQL engines (rows, facets, groups)', () => {
    const engines = ['rows.ts', 'facets.ts', 'groups.ts'].map((f) => path.join(MAIN, 'query', f));
    for (const f of all.filter((f) => f.includes(`${path.sep}query${path.sep}store${path.sep}`)))
      for (const i of graph.get(f)!)
        expect(engines, `${path.relative(MAIN, f)} imports ${i}`).not.toContain(i);
  });

  it('choose between the engines in one place: only row-source.ts and the store’s life reach the row store', () => {
    const engine = (p: string) => p.endsWith(`${path.sep}query${path.sep}row-store.ts`);
    const reaching = all
      .filter((f) => !engine(f) && graph.get(f)!.some(engine))
      .map((f) => path.relative(MAIN, f))
      .sort();
    expect(reaching).toEqual(['query/row-source.ts', 'service/row-store-life.ts']);
  });

  it('let the call list’s book read the store’s parts (it is built from them), and nothing else besides', () => {
    const parts = (p: string) => p.includes(`${path.sep}query${path.sep}store${path.sep}`);
    const inStore = (p: string) => parts(p) || p.endsWith(`${path.sep}query${path.sep}row-store.ts`);
    const reaching = all
      .filter((f) => !inStore(f) && graph.get(f)!.some(parts))
      .map((f) => path.relative(MAIN, f))
      .sort();
    expect(reaching).toEqual([
      'query/customer-book-build.ts',
      'query/customer-book.ts',
      'query/customer-texts.ts',
      'query/customers.ts',
      'service/customer-book-life.ts',
      'service/row-store-life.ts',
    ]);
  });
});
