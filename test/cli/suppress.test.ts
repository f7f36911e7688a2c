/**
 * `campaign suppress` as operations use it: someone asks on the phone not to be e-mailed, a
 * letter comes back "do not write to this address", a partner sends a do-not-contact file; each
 * change is checked by the sends (shown by `campaign contact` with the sends' own rule) and kept
 * in the consent history with when, how and by whom.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { insertContact } from '../helpers/seed.js';
import { runAll, runCli } from './run-cli.js';

let db: TestDatabase;
let dir: string;
let wang: number;
const env = (): Record<string, string> => ({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
const contactView = async (id: number) => JSON.parse((await runCli(['contact', String(id), '--json'], { env: env() })).stdout);

beforeAll(async () => {
  [db, dir] = await Promise.all([freshDatabase({ max: 2 }), mkdtemp(join(tmpdir(), 'ce-cli-suppress-'))]);
  wang = await insertContact(db.pool, { name: '王伟', email: 'wang.wei@example.cn', phone: '+8613800138000', address: '上海市浦东新区张江路1号', postcode: '200120' });
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('campaign suppress', () => {
  it('an e-mail address as the customer gave it, and a postal address written differently, stop those channels at send time', async () => {
    const [byEmail, byAddress] = await runAll(
      [
        ['suppress', 'add', '--email', ' Wang.Wei@Example.CN ', '--channel', 'email', '--reason', 'asked on the phone', '--by', 'agent Li'],
        ['suppress', 'add', '--address', '上海市 浦东新区 张江路 1 号', '--postcode', '200120', '--channel', 'post', '--reason', 'letter returned: refused'],
      ],
      { env: env() },
      1,
    );
    expect(byEmail).toMatchObject({ code: 0, stdout: 'on the do-not-contact list (email)\n', stderr: '' });
    expect(byAddress).toMatchObject({ code: 0, stdout: 'on the do-not-contact list (post)\n' });
    const view = await contactView(wang);
    expect(view.channels).toEqual({
      email: { reachable: false, reason: 'suppressed: do-not-contact' },
      post: { reachable: false, reason: 'suppressed: do-not-contact' },
      phone: { reachable: true },
    });
    expect(view.consent).toEqual([
      { at: expect.any(String), channel: 'email', change: 'not to be contacted: do-not-contact', how: 'campaign suppress add', actor: 'agent Li', detail: 'asked on the phone' },
      { at: expect.any(String), channel: 'post', change: 'not to be contacted: do-not-contact', how: 'campaign suppress add', actor: expect.stringMatching(/ \(campaign CLI\)$/), detail: 'letter returned: refused' },
    ]);
    const again = await runCli(['suppress', 'add', '--contact', String(wang), '--channel', 'all', '--reason', 'complained'], { env: env() });
    expect(again.code).toBe(0);
    const list = await runCli(['suppress', 'list', '--contact', String(wang)], { env: env() });
    expect(list.stdout.split('\n')[0]).toMatch(/^since +who +channel +reason +how, by whom$/);
    expect(list.stdout).toMatch(/ wang\.wei@example\.cn +email +do-not-contact: asked on the phone +campaign suppress add, agent Li$/m);
    expect(list.stdout).toMatch(new RegExp(` contact ${wang} 王伟 +all +do-not-contact: complained `));
  });

  it("remove takes the contact's entries off a channel, keeping why in the history", async () => {
    const removed = await runCli(['suppress', 'remove', '--contact', String(wang), '--channel', 'email', '--reason', 'asked to hear from us again', '--by', 'agent Zhao'], { env: env() });
    expect(removed).toMatchObject({ code: 0, stdout: 'removed: email (do-not-contact)\n' });
    const view = await contactView(wang);
    expect(view.channels.email).toEqual({ reachable: false, reason: 'suppressed: do-not-contact' }); // 'all' still stands
    expect(view.consent.at(-1)).toMatchObject({ channel: 'email', change: 'contact allowed again (do-not-contact removed)', how: 'campaign suppress remove', actor: 'agent Zhao', detail: 'asked to hear from us again' });
    const nothing = await runCli(['suppress', 'remove', '--email', 'nobody@example.cn', '--reason', 'x'], { env: env() });
    expect(nothing).toMatchObject({ code: 2, stdout: 'not on the do-not-contact list; nothing changed\n' });
  });

  it('imports a do-not-contact file with Chinese headers and semicolons, adding the good rows and naming the bad', async () => {
    const file = join(dir, '拒绝联系名单.csv');
    await writeFile(file, '\uFEFF邮箱;手机;渠道;原因\nli.na@example.cn;;邮件;客户来电要求\n;139 1234 5678;电话;投诉\nnot-an-email;;全部;x\nzhou@example.cn;;fax;x\n');
    const result = await runCli(['suppress', 'import', file, '--by', 'partner desk'], { env: env() });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe(
      "4 row(s): 2 added, 0 already on the list, 2 rejected\n  line 4, email: 'not-an-email' is not an e-mail address\n  line 5, channel: 'fax' is not email, post, phone or all\n",
    );
    const { rows } = await db.pool.query('SELECT channel, address, detail FROM suppressions WHERE address IN ($1, $2) ORDER BY channel', ['li.na@example.cn', '+8613912345678']);
    expect(rows).toEqual([
      { channel: 'email', address: 'li.na@example.cn', detail: '客户来电要求' },
      { channel: 'phone', address: '+8613912345678', detail: '投诉' },
    ]);
    const { rows: history } = await db.pool.query(`SELECT how, actor FROM consent_history WHERE address = 'li.na@example.cn'`);
    expect(history).toEqual([{ how: 'do-not-contact file 拒绝联系名单.csv', actor: 'partner desk' }]);
  });

  it('refuses a request that names nobody, two people at once, or an unknown contact (exit 2), changing nothing', async () => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM suppressions')).rows[0].n;
    const results = await runAll(
      [
        ['suppress', 'add', '--reason', 'x'],
        ['suppress', 'add', '--email', 'a@example.cn', '--phone', '13800138000', '--reason', 'x'],
        ['suppress', 'add', '--contact', '999999', '--reason', 'x'],
        ['suppress', 'add', '--phone', '12345', '--reason', 'x'],
      ],
      { env: env() },
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [2, 'campaign: name one of --contact, --email, --phone or --address (with --postcode)\n'],
      [2, 'campaign: name one of --contact, --email, --phone or --address (with --postcode)\n'],
      [2, 'campaign: contact: no contact 999999\n'],
      [2, "campaign: phone: '12345' is not a phone number (a Chinese number, or +country code)\n"],
    ]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM suppressions')).rows[0].n).toBe(before);
  });
});
