/**
 * What of an unexpected error may be logged. Errors quote what they were given: drizzle's message holds
 * the failed query's parameters ("params: …", on a line of its own, so also in the stack's first
 * lines), PostgreSQL's messages and details quote values ('invalid input syntax for type uuid: "…"',
 * "Failing row contains (…)"), and JSON.parse quotes its input. Those can be ids and health data.
 * Kept: the error's and its cause's class, code and the names PostgreSQL gives (table, constraint,
 * routine), drizzle's SQL text (placeholders, never values), the message with every quoted text and
 * number masked, and the stack frames alone.
 */
export function safeErrorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return {
    type: err.name,
    ...namesOf(err),
    message: safeMessage(err),
    ...(cause
      ? {
          causeType: cause.constructor?.name ?? cause.name,
          causeCode: (cause as { code?: unknown }).code,
          causeMessage: safeMessage(cause),
          ...Object.fromEntries(Object.entries(namesOf(cause)).map(([k, v]) => [`cause_${k}`, v])),
        }
      : {}),
    stack: err.stack
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 7)
      .join('\n'),
  };
}

/** Identifiers a database error names (never values): safe to log and what a reader needs. */
function namesOf(err: Error): Record<string, unknown> {
  const e = err as { code?: unknown; table?: unknown; constraint?: unknown; routine?: unknown };
  const names: Record<string, unknown> = { code: e.code };
  for (const key of ['table', 'constraint', 'routine'] as const) {
    if (typeof e[key] === 'string') names[key] = e[key];
  }
  return names;
}

function safeMessage(err: Error): string {
  const first = err.message.split('\n')[0] ?? '';
  // drizzle: "Failed query: <SQL with $1 placeholders>", the parameters on the next line.
  if (first.startsWith('Failed query: ')) return first.replace(/params:.*$/s, '').slice(0, 300);
  return maskValues(first).slice(0, 300);
}

/** Quoted text and numbers out of a message: what is left says what went wrong, not with what. */
export function maskValues(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\([^()]*\)=\([^()]*\)/g, '…')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#')
    .replace(/[-+]?\d[\d.,:eE+-]*/g, '#');
}
