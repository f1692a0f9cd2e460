import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { requestForLog } from './route-rules';

it('logs the matched route pattern, never the path, its link token or its query string', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream, serializers: { req: requestForLog } } });
  app.get('/api/parental-consent/:token', async () => ({ ok: true }));
  // As the app does (Fastify's own 404 handler logs the path).
  app.setNotFoundHandler((_req, reply) => reply.status(404).send());
  await app.inject({ method: 'GET', url: '/%61pi/parental-consent/1234.linksecret?token=querysecret' });
  await app.inject({ method: 'GET', url: '/nope/5678.othersecret' });
  await app.close();

  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
  expect(requests.map((l) => l.req.route)).toEqual(['/api/parental-consent/:token', '(no route)']);
  expect(lines.join('\n')).not.toMatch(/secret|1234|5678/);
});
