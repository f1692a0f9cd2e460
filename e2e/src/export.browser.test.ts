import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, hasChromium } from './harness';
import { readZip } from '../../server/src/test/read-zip';
import { browserSuite, signUpAndSignIn } from './flows';

const suite = browserSuite({ DATA_REGION: 'Switzerland (CH)' });

function signUpAndIn(page: Page, email: string, password: string) {
  return signUpAndSignIn(suite.server, page, { email, password, name: 'Export Tester' });
}

describe.skipIf(!hasChromium)('Download my data', () => {
  it('asks for an export, follows it, gets the mail, downloads the ZIP and finds every file in it', async () => {
    const { context, page, problems } = await suite.open();
    const email = `export-${Date.now().toString(36)}@example.test`;
    await page.goto(`${suite.server.url}/sign-in`);
    await page.getByRole('region', { name: 'Cookies' }).getByRole('button', { name: 'Refuse all' }).click();
    await signUpAndIn(page, email, 'Export-Tester-Passphrase-52');

    // Two weigh-ins entered through the API with this browser's session (the health pages have their own tests).
    const { token } = (await (await context.request.get(`${suite.server.url}/api/csrf`)).json()) as {
      token: string;
    };
    for (const [takenAt, value] of [
      ['2025-03-01T07:30:00+01:00', 71.2],
      ['2025-03-02T07:45:00+01:00', 70.9],
    ] as const) {
      const res = await context.request.post(`${suite.server.url}/api/health-data/readings`, {
        headers: { 'x-csrf-token': token },
        data: { takenAt, measures: [{ metric: 'weight', value, unit: 'kg' }] },
      });
      expect(res.status(), await res.text()).toBe(201);
    }

    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page.waitForURL(`${suite.server.url}/privacy`);
    const section = page.getByRole('region', { name: 'Download my data' });
    await expect.poll(() => section.getByText('You have not asked for a copy yet.').isVisible()).toBe(true);
    await section.getByRole('button', { name: 'Prepare a copy of my data' }).click();
    // Queued or being prepared, with the button off until it is done; then ready.
    await expect.poll(() => section.getByTestId('export-item').count()).toBe(1);
    const download = section.getByRole('link', { name: /^Download/ });
    await expect.poll(() => download.isVisible(), { timeout: 90_000, interval: 500 }).toBe(true);
    expect(await section.getByRole('button', { name: 'Prepare a copy of my data' }).isEnabled()).toBe(true);

    // The mail links to the exports page, never to the file.
    const mail = await suite.server.smtp.waitFor(email, { subject: /ready to download/, timeoutMs: 15_000 });
    const link = suite.server.smtp.linkIn(mail);
    expect(link).toBe(`${suite.server.url}/privacy/exports`);
    await page.goto(link);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Download my data' }).isVisible())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download/ }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^vitalbase-data-\d{4}-\d\d-\d\d\.zip$/);
    const zip = await readZip(await readFile((await file.path())!));
    expect([...zip.keys()]).toEqual([
      'summary.html',
      'data.json',
      'csv/weight.csv',
      'csv/sessions.csv',
      'csv/reading_notes.csv',
      'fhir/Patient.ndjson',
      'fhir/Device.ndjson',
      'fhir/Observation.ndjson',
      'fhir/Consent.ndjson',
    ]);
    const summary = zip.get('summary.html')!.toString('utf8');
    expect(summary).toContain('Export Tester');
    expect(summary).toContain('Switzerland (CH)');
    const data = JSON.parse(zip.get('data.json')!.toString('utf8'));
    expect(data.dataRegion).toBe('Switzerland (CH)');
    expect(data.identity.email).toBe(email);
    expect(data.readings).toHaveLength(2);
    const weight = zip.get('csv/weight.csv')!.toString('utf8').trim().split('\n');
    expect(weight).toEqual([
      'local_time,utc_time,value,unit,source,device_id,kind,original_value',
      '2025-03-01T07:30:00+01:00,2025-03-01T06:30:00.000Z,71.2,kg,manual,,reading,',
      '2025-03-02T07:45:00+01:00,2025-03-02T06:45:00.000Z,70.9,kg,manual,,reading,',
    ]);
    const observations = zip.get('fhir/Observation.ndjson')!.toString('utf8').trim().split('\n');
    expect(observations.map((l) => JSON.parse(l).resourceType)).toEqual(['Observation', 'Observation']);
    expect(JSON.parse(zip.get('fhir/Patient.ndjson')!.toString('utf8')).resourceType).toBe('Patient');

    // Another browser (signed out) cannot fetch it.
    const { context: stranger } = await suite.open();
    const href = await page.getByRole('link', { name: /^Download/ }).getAttribute('href');
    const res = await stranger.request.get(`${suite.server.url}${href}`);
    expect(res.status()).toBe(401);
    expect(problems).toEqual([]);
  }, 240_000);
});
