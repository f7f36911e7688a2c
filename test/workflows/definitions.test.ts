/**
 * Campaign definitions run end to end with the real SDK, Postgres and SMTP: a greetings
 * definition reaches its audience only, in each owner's language with the trip and the gift, holds
 * out the same owners however often it is started, and a broadcast whose pieces mostly fail for
 * want of what its letters need pauses and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinition as parseDefinition } from '../../client/definition-file.js';
import { checkDefinition } from '../../client/definition-check.js';
import { startDefinition } from '../../client/definition-start.js';
import { createDefinition } from '../../client/definitions.js';
import { replayFailedPieces } from '../../client/failed.js';
import { startGreetings } from '../../client/start.js';
import { isHeldOut } from '../../lib/holdout.js';
import { broadcastWorkflowId } from '../../lib/temporal-names.js';
import { cancelSignal, progressQuery } from '../../workflows/greetings.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { insertContact } from '../helpers/seed.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

const DEFINITION = `
id: shenzhen-xmas
kind: greetings
name: { zh-CN: 年末问候, en: Year-end greetings }
occasion: christmas-new-year
audience:
  city: 深圳
  tier: [gold, silver]
channels: email
trip:
  destination: { zh-CN: 三亚车主之旅, en: "the owners' trip to Sanya" }
  startsOn: 02-20
  endsOn: 02-24
  rsvpBy: 01-15
gift:
  description: { zh-CN: 定制车载香氛, en: a car fragrance set }
  delivery: { zh-CN: 节前一周快递送达, en: by courier in the week before the holiday }
holdout: 0.25
sender:
  en: { signatory: { name: Emily Wong, role: Owner Care Manager } }
`;

async function mailsTo(domain: string) {
  return (await engine.smtp.messages()).filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));
}

describe('a greetings definition', () => {
  it('greets its audience only, in each language with the trip and the gift, and holds out the same owners at every start', async () => {
    const tiers = ['gold', 'silver', 'regular'] as const;
    const inCity: number[] = [];
    for (let i = 0; i < 24; i++) {
      const language = i % 2 ? 'en' : 'zh-CN';
      inCity.push(await insertContact(engine.db.pool, { stage: 'owner', city: '深圳', tier: tiers[i % 3], language, email: `o${i}@sz.example`, consentPost: false }));
    }
    // Same tiers elsewhere: outside the audience.
    for (let i = 0; i < 3; i++) await insertContact(engine.db.pool, { stage: 'owner', city: '上海', tier: 'gold', email: `far${i}@sz.example` });

    const { definition, source } = parseDefinition(DEFINITION, 'shenzhen-xmas.yaml');
    const stored = await createDefinition(engine.db.pool, definition, source, 'test');
    const check = await checkDefinition(engine.db.pool, engine.config, definition, { runDate: '2026-12-20' });
    expect(check.problems).toEqual([]);
    const audience = inCity.filter((_, i) => i % 3 !== 2);
    const held = audience.filter((id) => isHeldOut('shenzhen-xmas', id, 0.25));
    expect(check).toMatchObject({ audience: audience.length, heldOut: held.length, reached: audience.length - held.length, pieces: { email: audience.length - held.length, post: 0 } });
    expect(check.variants.map((v) => `${v.template} ${v.language} ${v.channel}`).sort()).toEqual([
      'greeting-christmas-new-year-gold en email',
      'greeting-christmas-new-year-gold zh-CN email',
      'greeting-christmas-new-year-silver en email',
      'greeting-christmas-new-year-silver zh-CN email',
    ]);

    const run = () =>
      engine.withWorker(async () => {
        await startDefinition(engine.client, stored, { runDate: '2026-12-20' });
        return engine.client.temporal.workflow.getHandle(broadcastWorkflowId('greetings', 'shenzhen-xmas')).result();
      });
    const result = await run();
    expect(result).toMatchObject({ state: 'done', sent: audience.length - held.length, failed: 0, heldOut: held.length });
    await run(); // started again: the same run, nothing new

    const mails = await mailsTo('sz.example');
    const greeted = mails.map((m) => m.to[0]).sort();
    const expected = inCity.map((id, i) => ({ id, i })).filter(({ id, i }) => i % 3 !== 2 && !held.includes(id)).map(({ i }) => `o${i}@sz.example`).sort();
    expect(greeted).toEqual(expected);
    // Chinese text wraps between any two characters: read it without the line breaks.
    const byAddress = new Map(mails.map((m) => [m.to[0], (m.parsed.text ?? '').replace(/\n/g, '')]));
    const goldEn = inCity.findIndex((id, i) => i % 3 === 0 && i % 2 === 1 && !held.includes(id));
    const goldZh = inCity.findIndex((id, i) => i % 3 === 0 && i % 2 === 0 && !held.includes(id));
    const silverZh = inCity.findIndex((id, i) => i % 3 === 1 && i % 2 === 0 && !held.includes(id));
    expect(byAddress.get(`o${goldEn}@sz.example`)).toMatch(/the owners' trip to Sanya/);
    expect(byAddress.get(`o${goldZh}@sz.example`)).toMatch(/三亚车主之旅/);
    expect(byAddress.get(`o${silverZh}@sz.example`)).toMatch(/定制车载香氛/);
    // The letterhead per language: the English letters are signed by the definition's signatory.
    expect(byAddress.get(`o${goldEn}@sz.example`)).toMatch(/Emily Wong/);
    expect(byAddress.get(`o${goldZh}@sz.example`)).not.toMatch(/Emily Wong/);
    // The yearly dates were filled in for the run: the RSVP date next January, the trip after it.
    expect(byAddress.get(`o${goldEn}@sz.example`)).toMatch(/2027/);

    const { rows } = await engine.db.pool.query<{ contact_id: number }>(`SELECT contact_id FROM campaign_holdouts WHERE campaign_id = 'shenzhen-xmas' ORDER BY contact_id`);
    expect(rows.map((r) => r.contact_id)).toEqual([...held].sort((a, b) => a - b));
    const campaign = await engine.db.pool.query(`SELECT definition_id, definition_version FROM campaigns WHERE id = 'shenzhen-xmas'`);
    expect(campaign.rows[0]).toEqual({ definition_id: 'shenzhen-xmas', definition_version: 1 });
  });

  it('a check renders each variant with a real owner and names what a letter lacks', async () => {
    await insertContact(engine.db.pool, { stage: 'owner', city: '佛山', tier: 'gold', email: 'gold@fs.example' });
    const { definition } = parseDefinition(DEFINITION.replace('city: 深圳', 'city: 佛山'), 'foshan.yaml');
    if (definition.kind !== 'greetings') throw new Error('a greetings definition');
    // A definition stored before the schema asked for the trip: the check still catches it.
    const check = await checkDefinition(engine.db.pool, engine.config, { ...definition, id: 'foshan-xmas', holdout: 0, trip: undefined }, { runDate: '2026-12-20' });
    expect(check.problems.join('\n')).toMatch(/greeting-christmas-new-year-gold \(zh-CN, email\) with contact \d+: .*occasion\.trip/);
  });
});

describe('a broadcast that fails', () => {
  it('pauses when most of a small broadcast fails, whatever the failure, and says why', async () => {
    for (let i = 0; i < 8; i++) {
      await insertContact(engine.db.pool, { stage: 'owner', city: '珠海', tier: i < 5 ? 'gold' : 'regular', email: `z${i}@zh.example`, consentPost: false });
    }
    await engine.withWorker(async () => {
      // Started without the trip its gold letters announce (the old shorthand allows it).
      await startGreetings(engine.client, { campaignId: 'zhuhai-xmas', occasion: 'christmas-new-year', step: 'zhuhai-xmas', segment: { stage: 'owner', city: ['珠海'] } });
      const handle = engine.realtime.workflow.getHandle(broadcastWorkflowId('greetings', 'zhuhai-xmas'));
      let progress = await handle.query(progressQuery);
      for (let i = 0; i < 200 && progress.state !== 'paused'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        progress = await handle.query(progressQuery);
      }
      expect(progress).toMatchObject({ state: 'paused', sent: 3, failed: 5, targeted: 8 });
      expect(progress.pauseReason).toMatch(/^paused: 5 of 8 pieces failed, over the 20% threshold; most often \(5\): render: .*occasion\.trip/);
      await handle.signal(cancelSignal);
      expect(await handle.result()).toMatchObject({ state: 'cancelled' });

      // Replayed as they are, the five fail for the same reason: one is tried, four held back.
      const replay = await replayFailedPieces(engine.client, { campaign: 'zhuhai-xmas' });
      expect(replay.pieces).toBe(5);
      expect(replay.tally).toMatchObject({ sent: 0, failedAgain: 1, heldBack: [{ pieces: 4, reason: expect.stringMatching(/^render: .*occasion\.trip/) }] });
      const { rows } = await engine.db.pool.query<{ attempts: number }>(`SELECT attempts FROM deliveries WHERE campaign_id = 'zhuhai-xmas' AND status = 'failed' ORDER BY attempts DESC`);
      expect(rows.map((r) => r.attempts)).toEqual([2, 1, 1, 1, 1]);
    });
  });
});
