/**
 * `campaign status <campaign> --by-source`: the funnel per list source, so a campaign manager sees
 * which lists respond. It reads Postgres only, so it runs without Temporal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertCampaign, insertContact } from '../helpers/seed.js';
import { runCli } from './run-cli.js';

let db: TestDatabase;
const CAMPAIGN = 'autumn-leads';

/** A contact from a list source, targeted by the campaign, with the stages it reached and its one piece's status. */
async function lead(source: string | null, stages: string[], piece: 'sent' | 'skipped' | 'failed'): Promise<void> {
  const id = await insertContact(db.pool, { stage: 'prospect', heat: 'high' });
  await db.pool.query('UPDATE contacts SET source_code = $2 WHERE id = $1', [id, source]);
  const last = stages.at(-1) ?? 'targeted';
  await db.pool.query('INSERT INTO campaign_contacts (campaign_id, contact_id, stage) VALUES ($1, $2, $3)', [CAMPAIGN, id, last]);
  for (const stage of ['targeted', ...stages]) {
    await db.pool.query('INSERT INTO campaign_contact_stages (campaign_id, contact_id, stage) VALUES ($1, $2, $3)', [CAMPAIGN, id, stage]);
  }
  await db.pool.query(
    `INSERT INTO deliveries (idempotency_key, campaign_id, contact_id, step, channel, status) VALUES ($1, $2, $3, 'pack', 'email', $4)`,
    [`${CAMPAIGN}/${id}/pack/email`, CAMPAIGN, id, piece],
  );
}

beforeAll(async () => {
  db = await freshDatabase({ max: 2 });
  await insertCampaign(db.pool, CAMPAIGN, 'lead-routing');
  await lead('bank-partner', ['sent', 'replied', 'appointment'], 'sent');
  await lead('bank-partner', ['sent', 'replied'], 'sent');
  await lead('bank-partner', ['sent'], 'sent');
  await lead('walk-in', ['sent'], 'sent');
  await lead('walk-in', ['lost'], 'skipped');
  await lead(null, [], 'failed');
});
afterAll(async () => db?.close());

describe('campaign status --by-source', () => {
  it("shows each list source's funnel and response rate, largest source first, without Temporal", async () => {
    const env = { DATABASE_URL: db.url }; // Temporal stays unreachable: not needed
    const text = await runCli(['status', CAMPAIGN, '--by-source'], { env });
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`campaign ${CAMPAIGN} by list source (response: replied / delivered)`);
    expect(lines[1]).toMatch(/^source +targeted +sent +delivered +replied +called +reached +appointment +bought +lost +response$/);
    expect(lines.slice(2).map((l) => l.split(/ {2,}/))).toEqual([
      ['bank-partner', '3', '3', '3', '2', '0', '0', '1', '0', '0', '66.7%'],
      ['walk-in', '2', '1', '1', '0', '0', '0', '0', '0', '1', '0.0%'],
      ['(no source)', '1', '0', '0', '0', '0', '0', '0', '0', '0', '-'],
    ]);

    const json = await runCli(['status', CAMPAIGN, '--by-source', '--json'], { env });
    const { bySource } = JSON.parse(json.stdout);
    expect(bySource[0]).toMatchObject({ source: 'bank-partner', stages: { targeted: 3, delivered: 3, replied: 2, appointment: 1 }, lost: 0 });
    expect(bySource[0].responseRate).toBeCloseTo(2 / 3);
    expect(bySource[2]).toMatchObject({ source: '', responseRate: null });

    const noCampaign = await runCli(['status', '--by-source'], { env });
    expect(noCampaign).toMatchObject({ code: 2, stdout: '', stderr: 'campaign: --by-source needs a campaign\n' });
  });
});
