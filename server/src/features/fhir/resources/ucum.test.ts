import { createRequire } from 'node:module';
import { metrics } from '@vitalbase/core';
import { describe, expect, it } from 'vitest';
import { observationKinds } from './observation-kinds';

/** UCUM's reference implementation (@lhncbc/ucum-lhc, the NLM's; its unit tables ship in the package). */
interface UcumUtils {
  validateUnitString(
    code: string,
    suggest?: boolean,
  ): { status: 'valid' | 'invalid' | 'error'; msg: string[] };
}
const { UcumLhcUtils } = createRequire(import.meta.url)('@lhncbc/ucum-lhc') as {
  UcumLhcUtils: { getInstance(): UcumUtils };
};
const ucum = UcumLhcUtils.getInstance();
const invalid = (codes: Array<[string, string]>) =>
  codes
    .filter(([, code]) => ucum.validateUnitString(code).status !== 'valid')
    .map(([id, code]) => `${id}: ${code}`);

describe('UCUM codes', () => {
  it('every UCUM code of the data catalog is valid UCUM', () => {
    const codes = metrics.flatMap((m) => (m.ucum ? [[m.id, m.ucum] as [string, string]] : []));
    expect(codes.length).toBeGreaterThan(30);
    expect(invalid(codes)).toEqual([]);
  });

  it('every Observation quantity the FHIR API emits has a valid UCUM code', () => {
    const codes = observationKinds.flatMap((k) =>
      k.quantity ? [[k.key, k.quantity.ucum] as [string, string]] : [],
    );
    expect(invalid(codes)).toEqual([]);
  });

  it('the checker refuses what is not UCUM (it can fail)', () => {
    expect(
      invalid([
        ['dBm', 'dB[mW]'],
        ['bpm', 'bpm'],
        ['noise', 'dB[SPL]'],
      ]),
    ).toEqual(['dBm: dB[mW]', 'bpm: bpm']);
  });
});
