import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJwksUrl, fetchJwksForRegistration, jwksHttpOptions } from './jwks-url';

const production = { allowHttpLoopback: false };
const development = { allowHttpLoopback: true };
const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { details?: { problem?: string } }).details?.problem;
  }
  return undefined;
};

describe('checkJwksUrl: the URL’s own rules', () => {
  it('https to a public host only; http to loopback only with the development flag', () => {
    expect(checkJwksUrl('https://ehr.example.org/.well-known/jwks.json', production).host).toBe(
      'ehr.example.org',
    );
    expect(problemOf(() => checkJwksUrl('http://ehr.example.org/jwks', development))).toBe('not_https');
    expect(problemOf(() => checkJwksUrl('http://127.0.0.1:8080/jwks', production))).toBe('not_https');
    expect(checkJwksUrl('http://127.0.0.1:8080/jwks', development).port).toBe('8080');
    expect(checkJwksUrl('http://localhost:8080/jwks', development).hostname).toBe('localhost');
    for (const literal of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.0.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      '[fe80::1]',
      '[fd12::1]',
      '[::ffff:10.0.0.1]',
    ]) {
      expect(
        problemOf(() => checkJwksUrl(`https://${literal}/jwks`, production)),
        literal,
      ).toBe('non_public_address');
    }
    expect(problemOf(() => checkJwksUrl('https://a:b@ehr.example.org/jwks', production))).toBe('credentials');
    expect(problemOf(() => checkJwksUrl(`https://ehr.example.org/${'a'.repeat(2001)}`, production))).toBe(
      'invalid_url',
    );
  });
});

describe('fetchJwksForRegistration: the address connected to', () => {
  let url: string;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"keys":[]}');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `localhost:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resolves the name and refuses it when it leads to a non-public address', async () => {
    // `localhost` passes the URL's rules (it is a name); its resolved addresses do not.
    await expect(fetchJwksForRegistration(`https://${url}`, production)).rejects.toMatchObject({
      code: 'invalid_jwks_url',
      details: { problem: 'non_public_address' },
    });
    // The development flag lets loopback through, and only loopback.
    await expect(fetchJwksForRegistration(`http://${url}`, development)).resolves.toEqual({ keys: [] });
  });
});

describe('jwksHttpOptions: the agent oidc-provider fetches with', () => {
  it('refuses a non-loopback address itself, whatever URL it is given', () => {
    const url = new URL('http://10.0.0.1/jwks.json');
    const { agent } = jwksHttpOptions(development)(url);
    expect(() => get(url, { agent })).toThrow(/non-public address/);
  });
});
