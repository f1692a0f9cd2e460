import { expect } from 'vitest';
import type { TestApp } from '../../test/harness';
import { BrowserClient, signIn, signUpBody, tokenOf, uniqueEmail } from '../accounts/accounts.test-support';

/** A 12-year-old in France signs up, the parent grants: the child is signed in, the parent holds the link. */
export async function childWithGuardianLink(t: TestApp) {
  const parentEmail = uniqueEmail('parent');
  const year = t.clock.now().getUTCFullYear() - 12;
  const body = signUpBody({ birthDate: `${year}-06-15`, country: 'FR', parentEmail });
  const child = new BrowserClient(t);
  expect((await child.post('/api/auth/signup', body)).statusCode).toBe(202);
  const verify = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(body.email, { subject: /Confirm your email/ })));
  expect((await child.post('/api/auth/verify-email', { token: verify })).statusCode).toBe(200);
  const approve = tokenOf(t.smtp.linkIn(await t.smtp.waitFor(parentEmail, { subject: /consent is needed/ })));
  const parent = new BrowserClient(t);
  const granted = await parent.post(`/api/parental-consent/${approve}`, {
    decision: 'grant',
    parentName: 'P',
  });
  expect(granted.statusCode).toBe(200);
  const mail = await t.smtp.waitFor(parentEmail, { subject: /Manage your child/ });
  const link = t.smtp.linkIn(mail);
  expect(link.startsWith('http://localhost:8080/guardian?token=')).toBe(true);
  await signIn(t, body.email, body.password, child);
  const asParent = { headers: { 'x-guardian-token': tokenOf(link) } };
  return { child, parent, parentEmail, asParent, body, birthYear: year };
}
