import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallCentreClient, type CallTaskPayload } from '../../adapters/call-centre.js';
import { startCallCentre, type CallCentreFixture } from '../helpers/call-centre.js';

let cc: CallCentreFixture;
beforeAll(async () => {
  cc = await startCallCentre();
});
afterAll(async () => cc?.close());

function task(contactId: number): CallTaskPayload {
  return {
    contactId,
    name: '李娜',
    phone: '+8613800000000',
    language: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    purpose: 'reply-follow-up',
    notes: 'asked about the X5',
    attempt: 1,
    window: { notBefore: '2026-12-01T00:30:00Z', notAfter: '2026-12-01T13:00:00Z' },
    callbackUrl: cc.callbacks.url,
    reference: `reply-follow-up/c1/contact-${contactId}`,
  };
}

describe('call-centre client and simulator', () => {
  it('creates a task once per idempotency key and reports the outcome to the callback', async () => {
    const client = createCallCentreClient({ baseUrl: cc.simulator.url, timeoutMs: 2000 });
    cc.simulator.setAnswer((t) => (t.contactId === 2 ? 'reached-refused' : 'no-answer'));
    const first = await client.createTask('c1/1/call-1/phone', task(1));
    const again = await client.createTask('c1/1/call-1/phone', task(1));
    const other = await client.createTask('c1/2/call-1/phone', task(2));
    expect(first.kind).toBe('created');
    expect(again).toEqual(first);
    expect(other.kind === 'created' && first.kind === 'created' && other.taskId !== first.taskId).toBe(true);

    const outcomes = await cc.callbacks.waitFor(2);
    expect(outcomes.map((o) => [o.contactId, o.outcome]).sort()).toEqual([[1, 'no-answer'], [2, 'reached-refused']]);
    expect(outcomes.find((o) => o.contactId === 1)?.reference).toBe('reply-follow-up/c1/contact-1');

    const listed = (await (await fetch(`${cc.simulator.url}/tasks`)).json()) as { contactId: number }[];
    expect(listed.map((t) => t.contactId).sort()).toEqual([1, 2]);
  });

  it('reports a down centre (503) as transient and a bad request as permanent', async () => {
    const client = createCallCentreClient({ baseUrl: cc.simulator.url, timeoutMs: 2000 });
    cc.simulator.setDown(true, 10_000);
    expect(await client.createTask('down/1', task(3))).toMatchObject({ kind: 'transient', status: 503 });
    cc.simulator.setDown(false);
    expect((await client.createTask('down/1', task(3))).kind).toBe('created');
    const bad = { ...task(4), callbackUrl: undefined } as unknown as CallTaskPayload;
    expect(await client.createTask('bad/1', bad)).toMatchObject({ kind: 'permanent', status: 422 });
  });

  it('reports an unreachable or slow centre as transient', async () => {
    const refused = createCallCentreClient({ baseUrl: 'http://127.0.0.1:9/', timeoutMs: 500 });
    expect((await refused.createTask('x', task(5))).kind).toBe('transient');
  });

  it('delays the outcome as configured', async () => {
    cc.simulator.setDelay(200);
    cc.simulator.setAnswer('reached-interested');
    const client = createCallCentreClient({ baseUrl: cc.simulator.url, timeoutMs: 2000 });
    const before = cc.callbacks.received().length;
    const started = Date.now();
    await client.createTask('delay/1', task(6));
    const all = await cc.callbacks.waitFor(before + 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(all.at(-1)).toMatchObject({ contactId: 6, outcome: 'reached-interested' });
  });
});
