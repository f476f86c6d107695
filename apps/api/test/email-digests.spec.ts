import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Me, Room } from '@chat/contracts';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectError, expectStatus, makeFriends, say } from './social-helpers.js';
import { sleep } from './socket-helpers.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';

/**
 * 3 s: the delay after which an unread DM or mention is mailed. Both messages of a digest must be sent within it, also
 * on a machine busy with other suites (1.2 s was once too short in CI).
 */
const DELAY_MINUTES = 0.05;
const DELAY_MS = DELAY_MINUTES * 60_000;

/** The headers of a raw mail, unfolded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}

/** Undoes quoted-printable soft breaks and escapes, enough to read the parts' text. */
const unqp = (s: string) => s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('e-mail digests of missed messages', () => {
  let t: TestApp;
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({
      SMTP_URL: mailbox.url,
      PUBLIC_URL: 'https://chat.example.test',
      EMAIL_NOTIFY_DELAY_MINUTES: String(DELAY_MINUTES),
      REGISTER_LIMIT_PER_IP: '100000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
    });
  });
  afterAll(async () => {
    await t.close();
    await mailbox.close();
  });

  async function dmPair(): Promise<{ ada: Registered; bo: Registered; dm: Room }> {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const dm = (await t.http().post('/api/dms').set(bearer(ada.token)).send({ userId: bo.user.id })).body as Room;
    return { ada, bo, dm };
  }

  it('mails the DMs still unread after the delay in one digest with HTML and text parts, room links and one-click unsubscribe', async () => {
    const { ada, bo, dm } = await dmPair();
    const mail = mailbox.next(bo.user.email, DELAY_MS + 10_000);
    const first = await say(t, ada, dm.id, 'are you coming tonight?');
    const second = await say(t, ada, dm.id, 'bring the <b>cake</b>');
    const raw = (await mail).raw;
    const body = unqp(raw);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: text\/plain/i);
    expect(raw).toMatch(/Content-Type: text\/html/i);
    expect(body).toContain('are you coming tonight?');
    expect(body).toContain('bring the &#60;b&#62;cake&#60;/b&#62;'); // escaped in HTML
    expect(body).toContain('bring the <b>cake</b>'); // as written in the text part
    expect(body).toContain(ada.user.displayName);
    expect(body).toContain(`https://chat.example.test/rooms/${dm.id}?seq=${first.seq}`);
    expect(body).toContain(`https://chat.example.test/rooms/${dm.id}?seq=${second.seq}`);
    expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(.+)>$/.exec(header(raw, 'List-Unsubscribe') ?? '')?.[1];
    expect(link).toMatch(/^https:\/\/chat\.example\.test\/api\/email\/unsubscribe\?token=/);
    // one digest for the window: no second mail for these two
    await sleep(2500);
    expect(mailbox.messages.filter((m) => m.to.includes(bo.user.email.toLowerCase()))).toHaveLength(1);

    // the link, without a session: emailNotifications becomes never
    const token = new URL(link!).searchParams.get('token')!;
    const res = await t.http().get(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(((await t.http().get('/api/users/me').set(bearer(bo.token))).body as Me).emailNotifications).toBe('never');
    // one-click POST works too; a forged or another user's token does not
    expectStatus(await t.http().post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`), 200);
    expectError(
      await t.http().get(`/api/email/unsubscribe?token=${encodeURIComponent(token.replace(bo.user.id, ada.user.id))}`),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await t.http().get('/api/email/unsubscribe?token=nonsense'), 400, 'VALIDATION_FAILED');
    expectError(await t.http().get('/api/email/unsubscribe'), 400, 'VALIDATION_FAILED');
    // and no more mail
    await say(t, ada, dm.id, 'hello again');
    await sleep(DELAY_MS + 2000);
    expect(mailbox.messages.filter((m) => m.to.includes(bo.user.email.toLowerCase()))).toHaveLength(1);
  });

  it('mails nothing that was read within the delay, nothing with emailNotifications never, nothing from a muted room', async () => {
    const { ada, bo, dm } = await dmPair();
    const read = await say(t, ada, dm.id, 'quickly read');
    expectStatus(await t.http().post(`/api/rooms/${dm.id}/read`).set(bearer(bo.token)).send({ seq: read.seq }), 204);

    const other = await dmPair();
    expectStatus(await t.http().patch('/api/users/me').set(bearer(other.bo.token)).send({ emailNotifications: 'never' }), 200);
    await say(t, other.ada, other.dm.id, 'not by mail');

    const third = await dmPair();
    const until = new Date(Date.now() + 3600_000).toISOString();
    expectStatus(
      await t.http().put(`/api/rooms/${third.dm.id}/notifications`).set(bearer(third.bo.token)).send({ level: 'all', mutedUntil: until }),
      200,
    );
    await say(t, third.ada, third.dm.id, 'muted, not mailed');

    await sleep(DELAY_MS + 2000);
    for (const u of [bo, other.bo, third.bo]) expect(mailbox.messages.filter((m) => m.to.includes(u.user.email.toLowerCase()))).toEqual([]);
  });
});
