/**
 * Rehearsal benchmark: fills a scratch database (an embedded Postgres in a temporary folder) with
 * 10,000 owners and a lead audience of 300 prospects, defines a year-end greetings campaign and a
 * lead campaign, and rehearses each as `campaign rehearse` does, printing how long each took in
 * all and in its parts (database and snapshot, engine start with the workflow bundle, the run in
 * virtual time).
 *
 * Usage: npm run bench:rehearse [-- --owners 10000 --prospects 300 --print]  (--print: each timeline as the CLI prints it)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rehearsalText } from '../cli/commands/rehearse.js';
import { readDefinition as parseDefinition } from '../client/definition-file.js';
import { createDefinition } from '../client/definitions.js';
import { rehearseDefinition, type Rehearsal } from '../client/rehearsal/rehearse.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool, ensureDatabase, type Pool } from '../db/pool.js';
import { testConfig } from '../lib/config.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const GREETINGS = `id: bench-xmas
kind: greetings
name: { zh-CN: 年末问候, en: Year-end greetings }
occasion: christmas-new-year
trip:
  destination: { zh-CN: 三亚车主之旅, en: "the owners' trip to Sanya" }
  startsOn: 02-20
  endsOn: 02-24
  rsvpBy: 01-15
gift:
  description: { zh-CN: 定制车载香氛, en: a car fragrance set }
  delivery: { zh-CN: 节前一周快递送达, en: by courier in the week before the holiday }
`;

const LEADS = `id: bench-leads
kind: leads
name: { zh-CN: 春季试驾邀请, en: Spring test drives }
audience: { source: bench-list }
replyWindow: 14 days
calls: { attempts: 3 }
`;

async function fill(pool: Pool, owners: number, prospects: number): Promise<void> {
  await pool.query(`INSERT INTO vehicle_models (code, name, summary, features, price_lines) VALUES
    ('X1', 'X1', 'X1: comfort and economy', '["LED headlights"]', '[{"label":"2.0T","price":{"amount":259800,"currency":"CNY"}}]'),
    ('X3', 'X3', 'X3: room for the family', '["8-speed automatic"]', '[{"label":"2.0T","price":{"amount":399800,"currency":"CNY"}}]')`);
  await pool.query(`INSERT INTO dealers (name, city, postcode, address, phone) VALUES ('上海浦东4S店', '上海', '200122', '展厅路8号', '021-6000000')`);
  await pool.query(`INSERT INTO service_centres (name, city, postcode, address, phone) VALUES ('上海浦东服务中心', '上海', '200120', '张江路1号', '021-5000000')`);
  // Owners in both languages and all tiers; one in five also takes letters.
  await pool.query(
    `INSERT INTO contacts (name, email, phone, address, postcode, city, language, consent_email, consent_post, consent_phone, tier, stage)
     SELECT '王伟' || i, 'owner' || i || '@bench.example', '+86138' || lpad(i::text, 8, '0'), '浦东新区世纪大道' || i || '号', '200120', '上海',
            CASE WHEN i % 4 = 0 THEN 'en' ELSE 'zh-CN' END, true, i % 5 = 0, true,
            (ARRAY['gold', 'silver', 'regular', 'regular', 'regular'])[1 + i % 5], 'owner'
     FROM generate_series(1, $1) i`,
    [owners],
  );
  // Prospects: four in five hot (the pack by e-mail and post, then the follow-up), the rest the brochure.
  await pool.query(
    `INSERT INTO contacts (name, email, phone, address, postcode, city, language, consent_email, consent_post, consent_phone, tier, stage, heat, source_code, source_label)
     SELECT '李娜' || i, 'prospect' || i || '@bench.example', '+86139' || lpad(i::text, 8, '0'), '徐汇区漕溪北路' || i || '号', '200030', '上海',
            CASE WHEN i % 3 = 0 THEN 'en' ELSE 'zh-CN' END, true, true, true, 'regular', 'prospect',
            CASE WHEN i % 5 = 0 THEN 'low' ELSE 'high' END, 'bench-list', 'bench list'
     FROM generate_series(1, $1) i`,
    [prospects],
  );
}

function summary(r: Rehearsal): string {
  const sum = (f: (d: Rehearsal['days'][number]) => number) => r.days.reduce((n, d) => n + f(d), 0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `${r.campaignId}: ${r.snapshot.contacts} contacts, ${sum((d) => d.emails)} e-mails, ${sum((d) => d.letters)} letters, ${sum((d) => d.calls)} call tasks over ${r.days.length} days, ` +
    `last run ended ${r.lastRunEndedAt}; took ${s(r.tookMs)} (database and snapshot ${s(r.phases.snapshotMs)}, engine start ${s(r.phases.engineMs)}, run ${s(r.phases.runMs)})`
  );
}

async function main(): Promise<void> {
  const owners = arg('owners', 10_000);
  const prospects = arg('prospects', 300);
  const dir = await mkdtemp(join(tmpdir(), 'bench-rehearse-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), unsafeFast: true, ephemeral: true });
  let pool: Pool | undefined;
  try {
    await ensureDatabase(server.url, 'bench');
    const url = new URL(server.url);
    url.pathname = '/bench';
    pool = createPool(url.toString(), 4);
    await migrate(pool);
    await fill(pool, owners, prospects);
    const config = testConfig();
    for (const text of [GREETINGS, LEADS]) {
      const { definition, source } = parseDefinition(text);
      const stored = await createDefinition(pool, definition, source, 'bench');
      const rehearsal = await rehearseDefinition(pool, config, stored, { responseRate: 0.1, runDate: '2030-12-20', zone: 'Asia/Shanghai' });
      if (process.argv.includes('--print')) console.log(`${rehearsalText(rehearsal)}\n`);
      console.log(summary(rehearsal));
    }
  } finally {
    await pool?.end();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:rehearse: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
