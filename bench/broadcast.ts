/**
 * Broadcast benchmark: Christmas greetings by e-mail to N owners through a loopback SMTP server
 * (in its own process, see smtp-sink.ts),
 * by the engine (the greetings workflow on the development server, a real worker, pages of
 * sends recorded in Postgres) against a raw loop in the same run (render, send through the same
 * pooled transport, record each page in one statement; no Temporal). Prints, per size, both rates,
 * their ratio and this process's RSS, after a 2,000-owner warm-up of both; the last line reads
 * `broadcast: N emails/s, ratio R, rss M MiB` for the largest size.
 *
 * Usage: npm run bench:broadcast [-- --sizes 10000,100000]
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pg from 'pg';
import { createCallCentreClient } from '../adapters/call-centre.js';
import { createFolderLetterShop } from '../adapters/letter-shop.js';
import { createSmtpMailer, messageIdFor } from '../adapters/mailer.js';
import { createActivities } from '../activities/index.js';
import { createAdminActivities } from '../activities/campaign-admin.js';
import { createLaunchActivities } from '../activities/launch.js';
import { unsubscribeUrlFor } from '../activities/send-email.js';
import { startGreetings } from '../client/start.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool, ensureDatabase } from '../db/pool.js';
import { testConfig, type Config } from '../lib/config.js';
import { broadcastWorkflowId } from '../lib/temporal-names.js';
import { silentLogger } from '../lib/logger.js';
import { createRenderer, sampleEmailContext } from '../render/index.js';
import { createCampaignWorker } from '../worker/create-worker.js';
import { registerSearchAttributes } from '../worker/search-attributes.js';
import { startSmtpSinkProcess } from './smtp-sink.js';

const PAGE = 500;
const WARM_UP = 2000;
const DETAILS = {
  trip: { destination: 'Hainan', startsOn: '2027-03-10', endsOn: '2027-03-14', rsvpUrl: 'https://example.com/trip', rsvpBy: '2027-02-01' },
  gift: { description: 'a car care kit', delivery: 'by courier before the holiday' },
};

function sizes(): number[] {
  const i = process.argv.indexOf('--sizes');
  return (i > 0 ? process.argv[i + 1]! : '10000,100000').split(',').map(Number);
}

/** The CPU this process (worker or raw loop: the sender) spent since `from`, per e-mail. */
const cpuMsPer = (from: NodeJS.CpuUsage, emails: number): string => {
  const { user, system } = process.cpuUsage(from);
  return ((user + system) / 1000 / emails).toFixed(2);
};

const rssMiB = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

async function seedOwners(pool: pg.Pool, n: number): Promise<void> {
  await pool.query('TRUNCATE contacts, deliveries, campaign_contacts, campaign_contact_stages, campaigns CASCADE');
  await pool.query(
    `INSERT INTO contacts (name, email, language, consent_email, tier, stage, city, postcode, address)
     SELECT CASE WHEN i % 2 = 0 THEN '王伟' || i ELSE 'Owner ' || i END, 'owner' || i || '@example.com',
            CASE WHEN i % 2 = 0 THEN 'zh-CN' ELSE 'en' END, true,
            (ARRAY['gold','silver','regular','regular'])[1 + i % 4], 'owner', '上海', '200120', '世纪大道 ' || i || ' 号'
     FROM generate_series(1, $1) AS i`,
    [n],
  );
}

/**
 * The raw loop: page, render, send with bounded concurrency, record the page in one statement.
 * It sends with the engine's settings (SMTP connections, sends in flight), so the two differ only
 * in what the engine adds.
 */
async function rawLoop(pool: pg.Pool, config: Config, campaignId: string): Promise<number> {
  const mailer = createSmtpMailer(config, silentLogger);
  const renderer = createRenderer();
  let sent = 0;
  try {
    for (let after = 0; ; ) {
      const { rows } = await pool.query<{ id: number; name: string; email: string; language: 'zh-CN' | 'en'; tier: 'gold' | 'silver' | 'regular' }>(
        `SELECT id, name, email, language, tier FROM contacts WHERE stage = 'owner' AND id > $1 ORDER BY id LIMIT $2`,
        [after, PAGE],
      );
      if (rows.length === 0) break;
      const ids: number[] = [];
      const keys: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < rows.length) {
          const c = rows[next++]!;
          const base = sampleEmailContext(c.language);
          const key = `${campaignId}/${c.id}/raw/email`;
          // The same e-mail the engine sends: with its one-click unsubscribe link and header.
          const unsubscribeUrl = unsubscribeUrlFor(config, c.id, campaignId);
          const mail = await renderer.renderEmail(`greeting-christmas-new-year-${c.tier}`, {
            ...base,
            contact: { ...base.contact, name: c.name },
            tier: c.tier,
            occasion: { kind: 'christmas-new-year', year: 2027, date: '2027-01-01', years: null, partner: null, trip: DETAILS.trip, gift: DETAILS.gift },
            unsubscribeUrl,
          });
          const outcome = await mailer.send({ to: c.email, ...mail, messageId: messageIdFor(key, config.MESSAGE_ID_DOMAIN), unsubscribeUrl });
          if (outcome.kind === 'sent') {
            ids.push(c.id);
            keys.push(key);
          }
        }
      };
      await Promise.all(Array.from({ length: config.GREETINGS_CONCURRENCY }, worker));
      await pool.query(
        `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status, sent_at)
         SELECT k, $1, id, 'raw', 'email', 'sent', now() FROM unnest($2::text[], $3::int[]) AS t(k, id)`,
        [campaignId, keys, ids],
      );
      sent += ids.length;
      after = rows[rows.length - 1]!.id;
    }
  } finally {
    mailer.close();
  }
  return sent;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = await mkdtemp(join(tmpdir(), 'ce-bench-broadcast-'));
  await chmod(dir, 0o755);
  const pgServer = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), ephemeral: true, unsafeFast: process.argv.includes('--unsafe') });
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
  const taskQueue = 'bench-broadcast';
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
  let last = { rate: 0, ratio: 0, rss: 0 };
  try {
    const broadcast = async (campaignId: string) => {
      await startGreetings(client, { campaignId, occasion: 'christmas-new-year', step: 'xmas', pageSize: PAGE }, DETAILS);
      return env.client.workflow.getHandle(broadcastWorkflowId('greetings', campaignId)).result();
    };
    await worker.runUntil(async () => {
      // Both paths run once before anything is measured, so neither pays for the JIT's warm-up
      // (the engine, measured first, did: 10-20% of its rate at 10,000 owners).
      await seedOwners(pool, WARM_UP);
      await broadcast('bench-warm-up');
      await rawLoop(pool, config, 'raw-warm-up');
      for (const n of sizes()) {
        await seedOwners(pool, n);
        const before = await sink.count();
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const result = await broadcast(`bench-xmas-${n}`);
        const engineMs = performance.now() - t0;
        const engineCpu = cpuMsPer(cpu0, n);
        const afterEngine = await sink.count();
        const engineSent = afterEngine.messages - before.messages;
        const engineKiB = (afterEngine.bytes - before.bytes) / engineSent / 1024;
        if (result.sent !== n || engineSent !== n) throw new Error(`engine sent ${result.sent} (${engineSent} at the server) of ${n}`);
        const engineRss = rssMiB();

        const t1 = performance.now();
        const cpu1 = process.cpuUsage();
        const rawSent = await rawLoop(pool, config, `raw-${n}`);
        const rawMs = performance.now() - t1;
        const rawCpu = cpuMsPer(cpu1, rawSent);
        const afterRaw = await sink.count();
        const rawKiB = (afterRaw.bytes - afterEngine.bytes) / (afterRaw.messages - afterEngine.messages) / 1024;
        const engineRate = n / (engineMs / 1000);
        const rawRate = rawSent / (rawMs / 1000);
        last = { rate: engineRate, ratio: engineRate / rawRate, rss: Math.max(engineRss, rssMiB()) };
        console.log(
          `${n} owners: engine ${Math.round(engineRate)} emails/s (${(engineMs / 1000).toFixed(1)} s, cpu ${engineCpu} ms/email, ${engineKiB.toFixed(1)} KiB/email), ` +
            `raw loop ${Math.round(rawRate)} emails/s (${(rawMs / 1000).toFixed(1)} s, cpu ${rawCpu} ms/email, ${rawKiB.toFixed(1)} KiB/email), ratio ${last.ratio.toFixed(2)}, rss ${last.rss} MiB`,
        );
      }
    });
  } finally {
    mailer.close();
    await env.teardown();
    await sink.close();
    await pool.end();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`broadcast: ${Math.round(last.rate)} emails/s, ratio ${last.ratio.toFixed(2)}, rss ${last.rss} MiB`);
}

main().catch((err: unknown) => {
  console.error(`bench:broadcast: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
