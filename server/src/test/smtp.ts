import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, for tests that read their mail. */
export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  /** Waits for the next message to `to` (matching `subject` if given) that arrived after `since`. */
  waitFor(to: string, opts?: { subject?: RegExp; timeoutMs?: number }): Promise<CapturedMail>;
  /** The first http(s) link of the latest mail to `to`. */
  linkIn(mail: CapturedMail): string;
  close(): Promise<void>;
}

// mailparser takes ~150 ms of CPU to load: only files that really send mail pay for it.
let parser: Promise<typeof import('mailparser').simpleParser> | undefined;
const loadParser = () => {
  parser ??= import('mailparser').then((m) => m.simpleParser);
  return parser;
};

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const seen = new Set<CapturedMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      loadParser()
        .then((simpleParser) => simpleParser(stream))
        .then((parsed: ParsedMail) => {
          const to = [parsed.to]
            .flat()
            .flatMap((a) => (a ? a.value.map((v) => (v.address ?? '').toLowerCase()) : []));
          messages.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(to, opts = {}) {
      // Most account mail is sent after the answer (account-mail.ts), through the database and SMTP:
      // 1.4 s seen with one core burnt, so 5 s was near on a loaded CI. Half the test's 30 s timeout.
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      while (Date.now() < deadline) {
        const found = messages.find(
          (m) =>
            !seen.has(m) &&
            m.to.includes(to.toLowerCase()) &&
            (!opts.subject || opts.subject.test(m.subject)),
        );
        if (found) {
          seen.add(found);
          return found;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no mail to ${to}${opts.subject ? ` matching ${opts.subject}` : ''} arrived`);
    },
    linkIn(mail) {
      const link = mail.text.match(/https?:\/\/\S+/)?.[0];
      if (!link) throw new Error(`no link in mail "${mail.subject}"`);
      return link;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
