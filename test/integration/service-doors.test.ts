/**
 * The service behind its doors: an export's scope with a view and filters (the same for the
 * UI's export and the CLI's --view), door-only imports that keep an upload's name, unknown
 * tabs, and the CLI's `rows --csv` with the CSV export's columns (its --limit applies without
 * --offset too: it was ignored then).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobOut } from '../../shared/api';
import { CSV_FIELDS } from '../../main/export/csv-list';
import type { Service } from '../../main/service';
import { SAMPLE_DIR, tempService } from './helpers';

const M365 = path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-11-20.tsv');
const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');

async function settle(service: Service, id: string): Promise<JobOut> {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe('the service behind its doors', () => {
  it('imports, exports with a view and filters, and refuses unknown tabs', async () => {
    const { service, dir, dbPath } = tempService();
    try {
      // A door-only import reports the file by the name it was given (an upload's original name).
      const copy = path.join(dir, 'upload-1');
      fs.copyFileSync(M365, copy);
      const imp = await settle(
        service,
        (await service.importFiles([{ path: copy, name: path.basename(M365) }])).id,
      );
      expect(imp.kind).toBe('import');
      if (imp.kind !== 'import') return;
      expect(imp.label).toBe(path.basename(M365));
      expect(imp.result.map((r) => [r.file, r.status])).toEqual([[path.basename(M365), 'imported']]);

      const { rows } = await service.rows({ filters: {}, limit: 1 });
      const country = rows[0]!.country!;
      await service.saveView({
        name: 'NL Act Now',
        state: { filters: { cluster: ['Act Now'], country: [country] } },
      });
      // The view's filters, with each filter given replacing the view's of that key.
      const scope = { cluster: ['Evaluate' as const], country: [country] };
      const expected = (await service.rows({ filters: scope, limit: 0 })).total;
      const job = await settle(
        service,
        (
          await service.startExport({
            format: 'csv',
            rows: 'products',
            view: 'nl act now',
            filters: { cluster: ['Evaluate'] },
          })
        ).id,
      );
      expect(job).toMatchObject({ kind: 'export', state: 'done', rows: expected });
      if (job.kind === 'export') expect(job.result.rows).toBe(expected);
      const file = service.exportFile(job.id)!;
      const lines = fs.readFileSync(file.path, 'utf8').trimEnd().split('\r\n');
      expect(lines).toHaveLength(expected + 1);

      // The same scope from the CLI: --view with a filter flag.
      const out = path.join(dir, 'cli.csv');
      const cli = spawnSync(
        process.execPath,
        [
          BIN,
          'export',
          '--db',
          dbPath,
          '--out',
          out,
          '--view',
          'NL Act Now',
          '--cluster',
          'Evaluate',
          '--rows',
          'products',
          '--json',
        ],
        { encoding: 'utf8', env: { ...process.env, ASCENT_DB: '' } },
      );
      expect(cli.status).toBe(0);
      expect((JSON.parse(cli.stdout) as { rows: number }).rows).toBe(expected);

      const tabs = await settle(
        service,
        (await service.startExport({ format: 'xlsx', tabs: ['Summary', 'Nope'] })).id,
      );
      expect(tabs.state).toBe('failed');
      expect(tabs.error).toMatch(/^unknown tab "Nope" \(one of Summary, /);
      await expect(service.startExport({ format: 'csv', view: 'missing' })).rejects.toThrow(
        'no saved view named "missing"',
      );
    } finally {
      service.close();
    }
  });

  it('ascent rows --csv has the columns of the CSV export', () => {
    const { service, dbPath } = tempService();
    service.close();
    const imp = spawnSync(process.execPath, [BIN, 'import', M365, '--db', dbPath], { encoding: 'utf8' });
    expect(imp.status).toBe(0);
    const r = spawnSync(process.execPath, [BIN, 'rows', '--db', dbPath, '--csv', '--limit', '3'], {
      encoding: 'utf8',
      env: { ...process.env, ASCENT_DB: '' },
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('\ufeff' + CSV_FIELDS.join(','));
    expect(lines.filter(Boolean)).toHaveLength(4);
    // --offset and --limit page the same rows in the same order.
    const all = spawnSync(process.execPath, [BIN, 'rows', '--db', dbPath, '--csv'], { encoding: 'utf8' });
    const paged = spawnSync(
      process.execPath,
      [BIN, 'rows', '--db', dbPath, '--csv', '--offset', '2', '--limit', '3'],
      {
        encoding: 'utf8',
      },
    );
    const every = all.stdout.split('\r\n');
    expect(paged.stdout.split('\r\n')).toEqual([every[0], ...every.slice(3, 6), '']);
  });
});
