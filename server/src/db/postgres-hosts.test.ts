import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { FailoverPool, isFailoverError, parsePostgresTargets, serverOffersTls } from './postgres-hosts';

/** A TCP server that answers an SSLRequest with `answer` (a stand-in for PostgreSQL's first byte). */
async function sslAnswering(answer: string): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((socket) => socket.once('data', () => socket.end(answer)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

describe('PostgreSQL URLs with several hosts (pg_auto_failover)', () => {
  it('splits the URI pg_autoctl show uri prints into one URL per host, primary only by default', () => {
    // The form of pg_auto_failover's documentation (pg_autoctl show uri --formation default).
    const uri =
      'postgres://app:s%40cret@10.0.0.1:5432,10.0.0.2:5433/vitalbase?target_session_attrs=read-write&sslmode=prefer';
    expect(parsePostgresTargets(uri)).toEqual({
      urls: [
        'postgres://app:s%40cret@10.0.0.1:5432/vitalbase',
        'postgres://app:s%40cret@10.0.0.2:5433/vitalbase',
      ],
      targetSessionAttrs: 'read-write',
      // sslmode=prefer is libpq's "TLS if offered, unverified": node-postgres would verify, so it is ours.
      tlsIfOffered: true,
    });
  });

  it('keeps a one-host URL as it is, and reads target_session_attrs=any', () => {
    expect(parsePostgresTargets('postgresql://vb@db.example.org:5432/vb')).toEqual({
      urls: ['postgresql://vb@db.example.org:5432/vb'],
      targetSessionAttrs: 'any',
      tlsIfOffered: false,
    });
    // Other sslmodes are node-postgres's own, left in the URL.
    expect(parsePostgresTargets('postgres://h/db?sslmode=verify-full')).toMatchObject({
      urls: ['postgres://h/db?sslmode=verify-full'],
      tlsIfOffered: false,
    });
    expect(parsePostgresTargets('postgres://a,b/db?target_session_attrs=any').targetSessionAttrs).toBe('any');
  });

  it('refuses what it cannot honour', () => {
    expect(() => parsePostgresTargets('mysql://localhost/db')).toThrow();
    expect(() => parsePostgresTargets('postgres:///db')).toThrow(/host/);
    expect(() => parsePostgresTargets('postgres://a,b/db?target_session_attrs=standby')).toThrow(/standby/);
    expect(() => parsePostgresTargets('postgres://a b:5432/db')).toThrow();
  });

  it('tells the errors after which another host must be found', () => {
    expect(isFailoverError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(
      isFailoverError({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' }),
    ).toBe(true);
    expect(isFailoverError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isFailoverError({ code: '23505', message: 'duplicate key' })).toBe(false);
  });

  it('asks the server whether it offers TLS, as libpq does for sslmode=prefer', async () => {
    const plain = await sslAnswering('N');
    const tls = await sslAnswering('S');
    try {
      expect(await serverOffersTls('127.0.0.1', plain.port, 2000)).toBe(false);
      expect(await serverOffersTls('127.0.0.1', tls.port, 2000)).toBe(true);
    } finally {
      plain.close();
      tls.close();
    }
  });

  // The URI pg_autoctl prints, against a server run without TLS (--no-ssl; the test server has ssl = off).
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'connects with sslmode=prefer to a server without TLS',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.searchParams.set('sslmode', 'prefer');
      const pool = new FailoverPool(url.toString(), { max: 1, connectionTimeoutMillis: 5000 });
      try {
        expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await pool.end();
      }
    },
  );
});
