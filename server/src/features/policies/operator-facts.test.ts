import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import { fillOperatorFacts, missingOperatorFacts } from './operator-facts';

const base = { COOKIE_SECRET: 'x'.repeat(32) };

describe("the operator's facts in the configuration", () => {
  it('are read from OPERATOR_NAME, OPERATOR_ADDRESS, DPO_CONTACT, PROCESSORS, GOVERNING_LAW', () => {
    const config = loadConfig({
      ...base,
      OPERATOR_NAME: '  Vitalbase SAS ',
      OPERATOR_ADDRESS: '1 place de la Gare, 69000 Lyon, France',
      DPO_CONTACT: 'dpo@example.fr',
      PROCESSORS: 'Brevo (mail delivery, France)',
      GOVERNING_LAW: 'French law',
    });
    expect(config.operator).toEqual({
      name: 'Vitalbase SAS',
      address: '1 place de la Gare, 69000 Lyon, France',
      dpoContact: 'dpo@example.fr',
      processors: 'Brevo (mail delivery, France)',
      governingLaw: 'French law',
    });
    expect(missingOperatorFacts(config)).toEqual(['PRIVACY_CONTACT']);
    expect(missingOperatorFacts(loadConfig(base))).toEqual([
      'OPERATOR_NAME',
      'OPERATOR_ADDRESS',
      'PRIVACY_CONTACT',
      'DPO_CONTACT',
      'PROCESSORS',
      'GOVERNING_LAW',
    ]);
  });

  it('refuses, all at once, a value on several lines, too long or blank', () => {
    let error: unknown;
    try {
      loadConfig({
        ...base,
        OPERATOR_NAME: 'Line one\nLine two',
        GOVERNING_LAW: 'x'.repeat(201),
        DPO_CONTACT: '   ',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/OPERATOR_NAME: must not contain control characters/);
    expect(problems).toMatch(/GOVERNING_LAW: /);
    expect(problems).toMatch(/DPO_CONTACT: /);
  });
});

describe('filling a text', () => {
  const text = 'Run by {{OPERATOR_NAME}} under {{GOVERNING_LAW}}, stored in {{DATA_REGION}}. {{UNKNOWN}}';

  it('shows a placeholder naming the setting where a fact is unset, in the language of the text', () => {
    expect(fillOperatorFacts(text, { dataRegion: 'France (EU)' }, 'en')).toBe(
      'Run by <mark>\\[operator name — set OPERATOR\\_NAME\\]</mark> under <mark>\\[governing law — set GOVERNING\\_LAW\\]</mark>, stored in France \\(EU\\). {{UNKNOWN}}',
    );
    expect(fillOperatorFacts('{{OPERATOR_NAME}}', {}, 'fr')).toBe(
      '<mark>\\[nom de l’exploitant — à définir : OPERATOR\\_NAME\\]</mark>',
    );
  });

  it('puts a value in as literal text: no Markdown or HTML of its own', () => {
    expect(
      fillOperatorFacts('{{OPERATOR_NAME}}', { operator: { name: '*A* <i>B</i> [c](javascript:x)' } }, 'en'),
    ).toBe('\\*A\\* \\<i\\>B\\</i\\> \\[c\\]\\(javascript:x\\)');
  });
});
