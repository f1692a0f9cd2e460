import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendToPartner } from './http-sender';
import { isPublicAddress } from '../../lib/address-guard';
import { callbackUrlProblem, guardedLookup } from './url-guard';
import { type Receiver, startReceiver } from './webhooks.test-support';

const strict = { allowPrivateNetwork: false };
const open = { allowPrivateNetwork: true };

describe('which addresses a partner URL may reach', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.0.0.8', false],
    ['172.16.4.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['not an ip', false],
  ])('%s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('wants https, no credentials, no private literal, at most 255 characters', () => {
    expect(callbackUrlProblem('https://partner.example/cb', strict)).toBeUndefined();
    expect(callbackUrlProblem('http://partner.example/cb', strict)).toMatch(/https/);
    expect(callbackUrlProblem('http://partner.example/cb', open)).toBeUndefined();
    expect(callbackUrlProblem('https://a:b@partner.example/cb', strict)).toMatch(/credentials/);
    expect(callbackUrlProblem('https://127.0.0.1/cb', strict)).toMatch(/public/);
    expect(callbackUrlProblem('https://[::1]/cb', strict)).toMatch(/public/);
    expect(callbackUrlProblem('https://localhost/cb', strict)).toMatch(/public/);
    expect(callbackUrlProblem('https://127.0.0.1/cb', open)).toBeUndefined();
    expect(callbackUrlProblem(`https://partner.example/${'a'.repeat(255)}`, strict)).toMatch(/255/);
    expect(callbackUrlProblem('javascript:alert(1)', open)).toMatch(/https/);
    expect(callbackUrlProblem('::', strict)).toMatch(/not valid/);
  });

  it('refuses a name that resolves to a private address, at connection time', async () => {
    const lookup = guardedLookup(strict);
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('localhost', { all: true }, (e) => resolve(e)),
    );
    expect(err?.code).toBe('ENONPUBLIC');
    const allowed = await new Promise<unknown>((resolve) =>
      guardedLookup(open)('localhost', {}, (e, address) => resolve(e ?? address)),
    );
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe('sending to a partner', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('does not call a private address unless allowed', async () => {
    receiver.calls = [];
    const named = receiver.url.replace('127.0.0.1', 'localhost');
    const refused = await sendToPartner({ method: 'POST', url: named, body: 'x=1' }, strict);
    expect(refused.statusCode).toBeUndefined();
    expect(refused.error).toMatch(/https|non-public/);
    expect(receiver.calls).toEqual([]);
    const sent = await sendToPartner({ method: 'POST', url: receiver.url, body: 'x=1' }, open);
    expect(sent.statusCode).toBe(200);
    expect(receiver.calls).toHaveLength(1);
  });

  it('does not follow redirects: a 3xx is the answer', async () => {
    receiver.calls = [];
    receiver.status = (call) => (call.path === '/redirected' ? 200 : 302);
    const outcome = await sendToPartner({ method: 'POST', url: `${receiver.url}/start`, body: 'a=b' }, open);
    expect(outcome.statusCode).toBe(302);
    expect(receiver.calls.map((c) => c.path)).toEqual(['/start']);
    receiver.status = 200;
  });

  it('reports a refused connection in its own words', async () => {
    const outcome = await sendToPartner({ method: 'POST', url: 'http://127.0.0.1:1/x' }, open);
    expect(outcome).toMatchObject({ error: 'connection refused' });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });
});
