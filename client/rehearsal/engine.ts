/**
 * The rehearsal's engine: the project's development server in time-skipping mode, a worker of the
 * real workflows and activities on a task queue of its own, the rehearsal's database, and the
 * outbox in place of the SMTP relay, the letter shop and the call centre. Nothing in it knows the
 * programme's real relay, shop or centre: the adapters are built here from loopback addresses.
 */
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createSmtpMailer } from '../../adapters/mailer.js';
import { createActivities } from '../../activities/index.js';
import { createAdminActivities } from '../../activities/campaign-admin.js';
import { createLaunchActivities } from '../../activities/launch.js';
import { sql } from '../../db/queries.js';
import type { AllActivities } from '../../activities/types.js';
import type { Config } from '../../lib/config.js';
import { projectPath } from '../../lib/project-path.js';
import { createRenderer } from '../../render/index.js';
import { createCampaignWorker } from '../../worker/create-worker.js';
import { registerSearchAttributes } from '../../worker/search-attributes.js';
import type { CampaignClient } from '../start.js';
import {
  recordingCallCentre,
  recordingLetterShop,
  recordingMailer,
  startCountingSmtp,
  type ReceivedCall,
} from './outbox.js';
import type { RehearsalDatabase } from './database.js';
import { activityTime, virtualClock } from './virtual-time.js';

export interface RehearsalEngine {
  env: TestWorkflowEnvironment;
  client: CampaignClient;
  /** Virtual send time by provider id. */
  sentAt: Map<string, number>;
  calls: ReceivedCall[];
  /** Virtual time each reply card (or booking code) was first issued, by its code. */
  cardIssuedAt: Map<string, number>;
  emailsReceived(): number;
  /** Runs `fn` while the worker polls. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SDK's runtime logs only errors: the rehearsal prints its own timeline. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already (a second rehearsal in one process): keep it.
  }
}

export async function startRehearsalEngine(
  config: Config,
  db: RehearsalDatabase,
  dir: string,
  taskQueue: string,
): Promise<RehearsalEngine> {
  quietRuntime();
  const sentAt = new Map<string, number>();
  const calls: ReceivedCall[] = [];
  const smtp = await startCountingSmtp();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: projectPath('devserver/bin/devserver') } },
  });
  try {
    const namespace = env.namespace ?? 'default';
    await registerSearchAttributes(env.client.connection, namespace);
    // The real SMTP adapter, pointed at the counting server on loopback and nowhere else.
    const mailer = recordingMailer(
      createSmtpMailer({
        ...config,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: smtp.port,
        SMTP_SECURE: false,
        SMTP_USER: undefined,
        SMTP_PASSWORD: undefined,
        SMTP_RATE_PER_SECOND: 0,
      }),
      sentAt,
    );
    const client: CampaignClient = { temporal: env.client, pool: db.pool, taskQueue };
    const cardIssuedAt = new Map<string, number>();
    const activityDeps = {
      pool: db.pool,
      mailer,
      letterShop: recordingLetterShop(join(dir, 'letter-shop'), sentAt),
      callService: recordingCallCentre(calls, sentAt),
      renderer: createRenderer(),
      config,
      clock: virtualClock,
    };
    const campaignActivities = createActivities(activityDeps);
    const launch = createLaunchActivities({ ...activityDeps, temporal: env.client, taskQueue });
    const activities: AllActivities = {
      ...campaignActivities,
      // When a card was issued is when its customer starts to think about answering.
      issueReplyCard: async (campaignId, contactId) => {
        const card = await campaignActivities.issueReplyCard(campaignId, contactId);
        if (!cardIssuedAt.has(card.responseCode)) cardIssuedAt.set(card.responseCode, activityTime());
        return card;
      },
      ...createAdminActivities({ ...client, config, clock: virtualClock }),
      // A launch page issues its owners' cards at once: they were issued when the page ran.
      launchPage: async (request) => {
        const page = await launch.launchPage(request);
        const { rows } = await db.pool.query<{ response_code: string }>(sql('reply-card-codes-of-campaign'), [request.campaignId]);
        for (const { response_code } of rows) if (!cardIssuedAt.has(response_code)) cardIssuedAt.set(response_code, activityTime());
        return page;
      },
    };
    const worker: Worker = await createCampaignWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      activities,
    });
    return {
      env,
      client,
      sentAt,
      calls,
      cardIssuedAt,
      emailsReceived: smtp.count,
      withWorker: (fn) => worker.runUntil(fn()),
      close: async () => {
        mailer.close();
        await smtp.close();
        await env.teardown();
      },
    };
  } catch (err) {
    await smtp.close();
    await env.teardown();
    throw err;
  }
}
