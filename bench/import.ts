/**
 * Import benchmark: generates a CSV of prospects (1,000,000 rows by default, about 1% bad rows
 * and some repeats), imports it into a fresh database and prints rows/s and the peak RSS of this
 * process. Usage: npm run bench:import [-- --rows 1000000]
 * Uses DATABASE_URL when set (it must point at an empty, disposable database), else a throwaway
 * embedded Postgres under .data/.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool, ensureDatabase } from '../db/pool.js';
import { importProspects } from '../import/import-prospects.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
const CITIES: [string, string][] = [['上海', '200'], ['北京', '100'], ['广州', '510'], ['深圳', '518'], ['成都', '610'], ['杭州', '310']];
const TIMEFRAMES = ['3个月内', '半年内', '一年内', '一年以上', '不确定', 'within 3 months', 'over 1 year', ''];
const MODELS = ['X1', 'X3', 'X5', '3 Series', '5 Series'];

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('\uFEFF姓名,邮箱,手机,地址,邮编,城市,来源,计划购车时间,预算,意向车型,现有车辆,职务,公司,行业\n');
  for (let i = 1; i <= rows; i += 1) {
    const [city, prefix] = CITIES[i % CITIES.length]!;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`;
    // About 1% bad e-mails, 0.5% repeats of an earlier row's e-mail.
    const email = i % 100 === 0 ? `bad-email-${i}` : i % 200 === 3 ? `p${i - 1}@example.com` : `p${i}@example.com`;
    const phone = `13${String(i).padStart(9, '0')}`;
    const models = `${MODELS[i % MODELS.length]};${MODELS[(i + 2) % MODELS.length]}`;
    await write(
      `${name},${email},${phone},"${city}市某区某路${i % 999}号, ${i % 30}楼",${prefix}${String(i % 1000).padStart(3, '0')},${city},SRC-${i % 17},` +
        `${TIMEFRAMES[i % TIMEFRAMES.length]},${10 + (i % 40)}万,${models},大众帕萨特,经理,某某公司${i % 500},制造\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const rows = argument('rows', 1_000_000);
  const dir = resolve('.data/bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `prospects-${rows}.csv`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${file}...\n`);
    await generate(file, rows);
  }

  let url = process.env.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  let tmp: string | undefined;
  if (!url) {
    tmp = await mkdtemp(join(dir, 'pg-'));
    await chmod(tmp, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: join(tmp, 'data'), ephemeral: true });
    stop = server.stop;
    await ensureDatabase(server.url, 'bench');
    const u = new URL(server.url);
    u.pathname = '/bench';
    url = u.toString();
  }
  const pool = createPool(url, 4);
  try {
    await migrate(pool);
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    const started = process.hrtime.bigint();
    const summary = await importProspects(pool, file);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    const { errors, ...counts } = summary;
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    process.stdout.write(`first error: ${JSON.stringify(errors[0] ?? null)}\n`);
    process.stdout.write(
      `${summary.rows} rows in ${seconds.toFixed(1)} s: ${Math.round(summary.rows / seconds)} rows/s, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB\n`,
    );
  } finally {
    await pool.end();
    await stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:import: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
