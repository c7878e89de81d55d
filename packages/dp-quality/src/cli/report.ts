/**
 * @module cli/report
 * `floret dpq report`: the one-page compliance report (what was released, at what ε, with what
 * expected error, in plain words). Either runs fresh releases of the chosen measures (ε split
 * evenly, one ledger) or, with `--from`, renders the report of an earlier `estimate --json` output
 * without touching the data again (no further privacy cost).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { printJson, UsageError } from '@floret/cli-kit';
import { Command, Option } from 'commander';
import type { Measure } from '../dp/mechanisms.js';
import type { LedgerJson } from '../ledger.js';
import { type ReleaseRecord, type ReportInput, releaseRecord, renderReport } from '../report.js';
import { type DpRunOptions, runReleases } from './estimate.js';

interface ReportOptions extends Partial<DpRunOptions> {
  measures: string;
  from?: string;
  format: 'markdown' | 'text';
  out?: string;
  json?: boolean;
}

function parseMeasures(text: string): Measure[] {
  const list = text.split(',').map((s) => s.trim());
  const bad = list.find((m) => m !== 'mi' && m !== 'p' && m !== 'r');
  if (bad !== undefined || list.length === 0)
    throw new UsageError(`--measures takes a list of mi, p, r (e.g. mi,p,r), got '${text}'`);
  if (new Set(list).size !== list.length) throw new UsageError(`--measures lists a measure twice: '${text}'`);
  return list as Measure[];
}

function fromFile(path: string): ReportInput {
  let j: { ledger?: LedgerJson; seeded?: boolean } & Partial<ReleaseRecord>;
  try {
    j = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--from ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  if (!j.ledger || typeof j.estimate !== 'number' || typeof j.measure !== 'string')
    throw new UsageError(`--from ${path}: not the output of 'floret dpq estimate --json'`);
  const { ledger, seeded, ...rest } = j;
  return { releases: [rest as ReleaseRecord], ledger, seeded: seeded === true };
}

/** Builds the `report` subcommand. */
export function reportCommand(): Command {
  return new Command('report')
    .description(
      'one-page compliance report of a DP data-quality release (what, at what ε, expected error, plain words)',
    )
    .option('--data <source>', 'file.csv | file.parquet | sqlite:path | postgres://…')
    .option('--table <t>', 'table name (SQLite, PostgreSQL)')
    .option('--constraints <file>', 'denial constraints file')
    .option('--measures <list>', 'measures to release, ε split evenly', 'mi,p,r')
    .option('--epsilon <ε>', 'total privacy budget ε > 0')
    .option('--seed <n>', 'reproducible noise; NOT private if the seed is known')
    .option(
      '--from <estimate.json>',
      "report on an earlier 'floret dpq estimate --json' output instead (no new release)",
    )
    .addOption(new Option('--format <f>', 'report format').choices(['markdown', 'text']).default('markdown'))
    .option('--out <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--json', 'the report data as JSON on stdout')
    .action(async (o: ReportOptions) => {
      let input: ReportInput;
      if (o.from !== undefined) {
        input = fromFile(o.from);
      } else {
        if (o.data === undefined || o.constraints === undefined || o.epsilon === undefined)
          throw new UsageError(
            'report needs --data, --constraints and --epsilon (or --from <estimate.json>)',
          );
        const measures = parseMeasures(o.measures);
        const run: DpRunOptions = {
          data: o.data,
          constraints: o.constraints,
          epsilon: o.epsilon,
          ...(o.table === undefined ? {} : { table: o.table }),
          ...(o.seed === undefined ? {} : { seed: o.seed }),
        };
        const { estimates, ledger } = await runReleases(run, measures);
        input = {
          releases: estimates.map(releaseRecord),
          ledger: ledger.toJSON(),
          source: o.data.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
          constraints: o.constraints,
          seeded: o.seed !== undefined,
          date: new Date().toISOString(),
        };
      }
      if (o.json) {
        printJson(input);
        return;
      }
      const text = renderReport(input, o.format);
      if (o.out === undefined) {
        process.stdout.write(text);
        return;
      }
      const tmp = join(dirname(o.out), `.${process.pid}.report.tmp`);
      try {
        writeFileSync(tmp, text);
        renameSync(tmp, o.out);
      } catch (e) {
        rmSync(tmp, { force: true }); // never leave a partial file behind
        throw new UsageError(`--out ${o.out}: cannot write it (${(e as Error).message})`);
      }
    });
}
