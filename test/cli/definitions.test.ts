/**
 * Campaign definitions from the command line, as a manager writes them: files good and bad
 * (every mistake named by line and field), versions and what a running campaign does with a new
 * one, the dry run's check, and a start the check refuses. Against the development server, a
 * worker while a campaign is launched, and one database.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldOut } from '../../lib/holdout.js';
import { contactWorkflowId } from '../../lib/temporal-names.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { insertContact, insertOwner, insertReferenceData, insertVehicle } from '../helpers/seed.js';
import { runCli } from './run-cli.js';

let engine: TestEngine;
let db: TestDatabase;
let dir: string;
const cliEnv = (): Record<string, string> => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: engine.env.address, TASK_QUEUE: engine.taskQueue, DISPLAY_TIME_ZONE: 'Asia/Shanghai' });
const file = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

beforeAll(async () => {
  engine = await startTestEngine();
  db = engine.db;
  await insertReferenceData(db.pool);
  dir = await mkdtemp(join(tmpdir(), 'definitions-'));
});
afterAll(async () => {
  await engine?.close();
});

const LEADS = `# Spring leads from the magazine list
id: spring-leads
kind: leads
name:
  zh-CN: 春季试驾邀请
  en: Spring test drives
audience:
  source: 杂志回函
  heat: high
replyWindow: 10 days
calls:
  attempts: 2
  hours: { start: "09:00", end: "18:00" }
holdout: 0.3
`;

describe('campaign create, show, list, edit', () => {
  it('names every mistake of a bad file by line and field, and stores nothing', async () => {
    const bad = await file(
      'bad.yaml',
      ['id: Spring Leads', 'kind: leads', 'name:', '  zh-CN: 春季', 'audience:', '  heat: warm', '  colour: red', 'replyWindow: ten days', 'calls: { attempts: 0 }'].join('\n'),
    );
    const result = await runCli(['create', '-f', bad], { env: cliEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        `campaign: ${bad}: 6 problems:`,
        '  line 1, id: lower-case letters, digits and dashes, e.g. xmas-2026',
        '  line 4, name.en: missing (text)',
        '  line 6, audience.heat: Invalid option: expected one of "high"|"low"',
        "  line 7, audience: unknown field 'colour'",
        "  line 8, replyWindow: a duration such as '14 days', '2 hours' or '1 week'",
        '  line 9, calls.attempts: Too small: expected number to be >=1',
        '',
      ].join('\n'),
    );
    const broken = await runCli(['create', '-f', await file('broken.yaml', 'id: x\nkind: leads\n  name: [unclosed\n')], { env: cliEnv() });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^campaign: .*broken\.yaml: 3 problems:\n {2}line 2: Nested mappings are not allowed in compact mappings \(column 7\)\n/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM campaign_definitions')).rows[0].n).toBe(0);
  });

  it('stores a good file as version 1, refuses it twice, shows it as written; an edit is version 2 and says what started campaigns keep', async () => {
    const path = await file('spring-leads.yaml', LEADS);
    const created = await runCli(['create', '-f', path, '--by', 'Ms Wang'], { env: cliEnv() });
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('defined spring-leads (leads), version 1\nstart it with: campaign start spring-leads --dry-run, then campaign start spring-leads\n');
    const again = await runCli(['create', '-f', path], { env: cliEnv() });
    expect([again.code, again.stderr]).toEqual([2, "campaign: campaign 'spring-leads' is already defined: change it with 'campaign edit spring-leads'\n"]);

    const shown = await runCli(['show', 'spring-leads'], { env: cliEnv() });
    expect(shown.stdout).toMatch(/^version\s+1$/m);
    expect(shown.stdout).toMatch(/^changed\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai by Ms Wang$/m);
    expect(shown.stdout).toContain(LEADS.trimEnd());

    const edited = await runCli(['edit', 'spring-leads', '-f', await file('spring-leads-2.yaml', LEADS.replace('replyWindow: 10 days', 'replyWindow: 7 days'))], { env: cliEnv() });
    expect(edited.stderr).toBe('');
    expect(edited.stdout).toBe('spring-leads: version 2 stored\nthe next start (or the schedule\'s next run) uses version 2\n');
    const renamed = await runCli(['edit', 'spring-leads', '-f', await file('other.yaml', LEADS.replace('id: spring-leads', 'id: autumn-leads'))], { env: cliEnv() });
    expect([renamed.code, renamed.stderr]).toEqual([2, "campaign: the file defines 'autumn-leads', not 'spring-leads': a definition's id cannot change\n"]);

    const v1 = await runCli(['show', 'spring-leads', '--version', '1', '--json'], { env: cliEnv() });
    expect(JSON.parse(v1.stdout)).toMatchObject({ id: 'spring-leads', version: 1, definition: { replyWindow: '10 days', holdout: 0.3, audience: { heat: ['high'], source: ['杂志回函'] } } });
    const list = await runCli(['list'], { env: cliEnv() });
    expect(list.stdout).toMatch(/^spring-leads\s+leads\s+2\s+春季试驾邀请\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai \S+\s+-$/m);
  });
});

describe('campaign start <defined campaign>', () => {
  it('checks before it starts: the dry run counts and renders each variant; the start holds out the same prospects and runs the rest', async () => {
    const prospects: number[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await insertContact(db.pool, { stage: 'prospect', heat: 'high', language: i % 2 ? 'en' : 'zh-CN', email: `p${i}@leads.example` });
      await db.pool.query(`UPDATE contacts SET source_code = '杂志回函' WHERE id = $1`, [id]);
      prospects.push(id);
    }
    await insertContact(db.pool, { stage: 'prospect', heat: 'low' }); // not in the audience
    const held = prospects.filter((id) => isHeldOut('spring-leads', id, 0.3));
    const treated = prospects.filter((id) => !held.includes(id));

    const dry = await runCli(['start', 'spring-leads', '--dry-run', '--json'], { env: cliEnv() });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const check = JSON.parse(dry.stdout);
    expect(check).toMatchObject({ campaignId: 'spring-leads', version: 2, audience: 10, heldOut: held.length, reached: treated.length, problems: [] });
    expect(check.variants.map((v: { template: string; language: string; channel: string }) => `${v.template} ${v.language} ${v.channel}`).sort()).toEqual(
      ['hot-lead-pack en email', 'hot-lead-pack en post', 'hot-lead-pack zh-CN email', 'hot-lead-pack zh-CN post'],
    );
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM campaigns WHERE id = 'spring-leads'`)).rows[0].n).toBe(0);

    // The launch is the engine's: the CLI waits for it while a worker polls.
    const started = await engine.withWorker(() => runCli(['start', 'spring-leads', '--json'], { env: cliEnv() }));
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({ campaignId: 'spring-leads', version: 2, heldOut: held.length, started: treated.length, already: 0, launch: 'launch/spring-leads' });
    for (const id of treated) {
      expect((await engine.env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'spring-leads', id)).describe()).type).toBe('leadRouting');
    }
    const input = (await engine.env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'spring-leads', treated[0]!)).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.input;
    expect(input).toBeDefined();
    const { rows } = await db.pool.query<{ contact_id: number }>(`SELECT contact_id FROM campaign_holdouts WHERE campaign_id = 'spring-leads' ORDER BY contact_id`);
    expect(rows.map((r) => r.contact_id)).toEqual(held);
    for (const id of held) {
      await expect(engine.env.client.workflow.getHandle(contactWorkflowId('lead-routing', 'spring-leads', id)).describe()).rejects.toThrow(/not found/i);
    }

    // Two treated prospects and one held out buy a car: the status compares the groups.
    const today = new Date().toISOString().slice(0, 10);
    for (const id of [treated[0]!, treated[1]!, held[0]!]) await insertVehicle(db.pool, id, 'SUV-X', today);
    const status = await runCli(['status', 'spring-leads', '--json'], { env: cliEnv() });
    const bought = JSON.parse(status.stdout).holdout.find((r: { stage: string }) => r.stage === 'bought');
    expect(bought).toMatchObject({ treated: { contacts: treated.length, reached: 2 }, holdout: { contacts: held.length, reached: 1 } });
    expect(bought.lift.difference).toBeCloseTo(2 / treated.length - 1 / held.length, 10);
    const text = await runCli(['status', 'spring-leads'], { env: cliEnv() });
    expect(text.stdout).toMatch(/^treated against holdout \(what the campaign caused; lift with its 95% interval\):\noutcome +treated +holdout +lift +95% interval\nbought +2\/\d+ [\d.]+% +1\/\d+ [\d.]+% +[-+][\d.]+% +-?[\d.]+% to [\d.]+%$/m);

    // A new version now: the campaign keeps version 2; a later start starts only new contacts.
    const edited = await runCli(['edit', 'spring-leads', '-f', await file('spring-leads-3.yaml', LEADS.replace('attempts: 2', 'attempts: 3'))], { env: cliEnv() });
    expect(edited.stdout).toContain("campaign spring-leads (running) keeps version 2 for the contacts already started; a new 'campaign start spring-leads' starts only contacts not yet in it, with version 3");
    const again = JSON.parse((await engine.withWorker(() => runCli(['start', 'spring-leads', '--json'], { env: cliEnv() }))).stdout);
    expect(again).toMatchObject({ started: 0, already: treated.length, heldOut: held.length });
  });

  it('refuses to start an inspection whose owners have no free slot, in the dry run and the start', async () => {
    await insertOwner(db.pool, { stage: 'owner', city: '上海', email: 'owner@inspect.example' });
    const path = await file('dec.yaml', 'id: dec-check\nkind: inspection\nname: { zh-CN: 冬季免费检测, en: Winter check }\n');
    expect((await runCli(['create', '-f', path], { env: cliEnv() })).code).toBe(0);
    const dry = await runCli(['start', 'dec-check', '--dry-run'], { env: cliEnv() });
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/^problems \(the campaign cannot start until they are fixed\):\n {2}no owner can be offered a slot: no free slot from now on at 上海浦东服务中心 \(1 owner\); create slots \(campaign slots create\)$/m);
    const start = await runCli(['start', 'dec-check'], { env: cliEnv() });
    expect(start.code).toBe(2);
    expect(start.stderr).toMatch(/^campaign: dec-check was not started:\n/);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM campaigns WHERE id = 'dec-check'`)).rows[0].n).toBe(0);
  });
});
