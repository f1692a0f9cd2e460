/**
 * What of an unexpected error may be logged. Database errors carry the failed query's parameters in
 * their message (drizzle: "params: …"), and those parameters can be health data: keep the first line
 * without them, the error's class and code, and the stack frames.
 */
export function safeErrorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const firstLine = (err.message.split('\n')[0] ?? '').replace(/params:.*$/s, 'params: [redacted]');
  const cause = err.cause as { code?: unknown; constructor?: { name?: string } } | undefined;
  return {
    type: err.name,
    code: (err as { code?: unknown }).code,
    message: firstLine.slice(0, 300),
    causeType: cause?.constructor?.name,
    causeCode: cause?.code,
    stack: err.stack?.split('\n').slice(1, 8).join('\n'),
  };
}
