import { describe, expect, it } from 'vitest';
import { isFailoverError, parsePostgresTargets } from './postgres-hosts';

describe('PostgreSQL URLs with several hosts (pg_auto_failover)', () => {
  it('splits the URI pg_autoctl show uri prints into one URL per host, primary only by default', () => {
    // The form of pg_auto_failover's documentation (pg_autoctl show uri --formation default).
    const uri =
      'postgres://app:s%40cret@10.0.0.1:5432,10.0.0.2:5433/vitalbase?target_session_attrs=read-write&sslmode=prefer';
    expect(parsePostgresTargets(uri)).toEqual({
      urls: [
        'postgres://app:s%40cret@10.0.0.1:5432/vitalbase?sslmode=prefer',
        'postgres://app:s%40cret@10.0.0.2:5433/vitalbase?sslmode=prefer',
      ],
      targetSessionAttrs: 'read-write',
    });
  });

  it('keeps a one-host URL as it is, and reads target_session_attrs=any', () => {
    expect(parsePostgresTargets('postgresql://vb@db.example.org:5432/vb')).toEqual({
      urls: ['postgresql://vb@db.example.org:5432/vb'],
      targetSessionAttrs: 'any',
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
});
