/**
 * Launch benchmark: an inspection offer to N owners by e-mail, launched as a defined campaign is
 * (workflows/campaign-launch.ts) on the development server (not time-skipping), with a real worker,
 * Postgres and a loopback SMTP server in its own process. Prints owners/s from the start of the
 * launch to the last offer sent, and the peak RSS of the worker (this process) and of the
 * development server with N runs open, each waiting for its owner's booking.
 *
 * Usage: npm run bench:launch [-- --owners 100000]
 */
import { readFile, readdir, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type pg from 'pg';
import { createCallCentreClient } from '../adapters/call-centre.js';
import { createFolderLetterShop } from '../adapters/letter-shop.js';
import { createSmtpMailer } from '../adapters/mailer.js';
import { createActivities } from '../activities/index.js';
import { createAdminActivities } from '../activities/campaign-admin.js';
import { createLaunchActivities } from '../activities/launch.js';
import { launchCampaign } from '../client/launch.js';
import { registerCampaign } from '../client/start.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool, ensureDatabase } from '../db/pool.js';
import { testConfig } from '../lib/config.js';
import { silentLogger } from '../lib/logger.js';
import { createRenderer } from '../render/index.js';
import { createCampaignWorker } from '../worker/create-worker.js';
import { registerSearchAttributes } from '../worker/search-attributes.js';
import { startSmtpSinkProcess } from './smtp-sink.js';

function owners(): number {
  const i = process.argv.indexOf('--owners');
  return i > 0 ? Number(process.argv[i + 1]) : 100_000;
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** RSS of the development server's process (found by its command line), in bytes; 0 if not found. */
async function devserverRss(): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('devserver') || Number(pid) === process.pid) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      total = Math.max(total, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** N owners in Shanghai with a car, e-mail consent only, and one centre with room for all. */
async function seed(pool: pg.Pool, n: number): Promise<void> {
  await pool.query(
    `INSERT INTO contacts (name, email, language, consent_email, tier, stage, city, postcode, address)
     SELECT CASE WHEN i % 2 = 0 THEN '王伟' || i ELSE 'Owner ' || i END, 'owner' || i || '@example.com',
            CASE WHEN i % 2 = 0 THEN 'zh-CN' ELSE 'en' END, true, 'regular', 'owner', '上海', '200120', '世纪大道 ' || i || ' 号'
     FROM generate_series(1, $1) AS i`,
    [n],
  );
  await pool.query(`INSERT INTO vehicles (contact_id, model, purchase_date) SELECT id, 'X3', '2023-05-20' FROM contacts`);
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO service_centres (name, city, postcode, address, phone) VALUES ('上海浦东服务中心', '上海', '200120', '张江路1号', '021-5000000') RETURNING id`,
  );
  await pool.query(
    `INSERT INTO inspection_slots (service_centre_id, starts_at, capacity)
     SELECT $1, date_trunc('day', now()) + (d || ' days')::interval + (h || ' hours')::interval, $2
     FROM generate_series(3, 30) AS d, generate_series(1, 8) AS h`,
    [rows[0]!.id, Math.ceil(n / 100)],
  );
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const n = owners();
  const dir = await mkdtemp(join(tmpdir(), 'ce-bench-launch-'));
  await chmod(dir, 0o755);
  const pgServer = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), ephemeral: true });
  await ensureDatabase(pgServer.url, 'bench');
  const url = new URL(pgServer.url);
  url.pathname = '/bench';
  const pool = createPool(url.toString(), 20);
  await migrate(pool);
  const sink = await startSmtpSinkProcess();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: fileURLToPath(new URL('../devserver/bin/devserver', import.meta.url)) } },
  });
  await registerSearchAttributes(env.client.connection, 'default');
  const taskQueue = 'bench-launch';
  const config = testConfig({ SMTP_PORT: String(sink.port), LETTER_SHOP_DIR: join(dir, 'letters'), TASK_QUEUE: taskQueue });
  const mailer = createSmtpMailer(config, silentLogger);
  const client = { temporal: env.client, pool, taskQueue };
  const activityDeps = {
    pool,
    mailer,
    letterShop: createFolderLetterShop(config.LETTER_SHOP_DIR),
    callService: createCallCentreClient({ baseUrl: config.CALL_CENTRE_URL, timeoutMs: 1000 }),
    renderer: createRenderer(),
    config,
    log: silentLogger,
  };
  const worker = await createCampaignWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: {
      ...createActivities(activityDeps),
      ...createAdminActivities({ ...client, config }),
      ...createLaunchActivities({ ...activityDeps, temporal: env.client, taskQueue }),
    },
  });
  const peak = { worker: 0, server: 0 };
  const sample = async () => {
    peak.worker = Math.max(peak.worker, process.memoryUsage().rss);
    peak.server = Math.max(peak.server, await devserverRss());
  };
  const sampler = setInterval(() => void sample(), 500);
  try {
    await seed(pool, n);
    const campaignId = 'bench-winter-check';
    await registerCampaign(pool, { id: campaignId, kind: 'inspection' }, []);
    await worker.runUntil(async () => {
      const t0 = performance.now();
      const tally = await launchCampaign(client, {
        campaignId,
        kind: 'inspection',
        segment: { stage: 'owner', withVehicle: true, sampleContacts: false },
        holdoutShare: 0,
        offer: { offerPeriod: '30 days', reminderBefore: '1 day', followUpAfter: '1 day' },
      });
      const seconds = (performance.now() - t0) / 1000;
      const delivered = await sink.count();
      if (tally.started !== n || tally.pieces.sent !== n || delivered.messages !== n) {
        throw new Error(`started ${tally.started}, sent ${tally.pieces.sent}, the SMTP server received ${delivered.messages}, of ${n} owners`);
      }
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND stage = 'sent'`, [campaignId]);
      // The runs stay open, waiting for a booking: the server's memory with all of them.
      await new Promise((r) => setTimeout(r, 3000));
      await sample();
      console.log(
        `launch: ${n} owners offered in ${seconds.toFixed(1)} s, ${Math.round(n / seconds)} owners/s; ${rows[0]!.n} at stage sent; ` +
          `peak rss: worker ${mib(peak.worker)} MiB, development server ${mib(peak.server)} MiB with ${tally.started} runs open`,
      );
    });
  } finally {
    clearInterval(sampler);
    mailer.close();
    await env.teardown();
    await sink.close();
    await pool.end();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:launch: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
