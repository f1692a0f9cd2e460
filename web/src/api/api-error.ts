/**
 * An answer of the API that is not a success: the server's `{ error: { code, message, details } }`,
 * or a network failure (status 0). `message` is meant for the user; `fieldErrors` places validation
 * problems next to the fields they belong to.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field name → message, from the validation details the server sends (`[{ path, message }]`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const d = this.details;
    if (Array.isArray(d)) {
      for (const item of d) {
        if (!item || typeof item !== 'object') continue;
        const { path, field, message } = item as { path?: unknown; field?: unknown; message?: unknown };
        const raw = field ?? path;
        const name = Array.isArray(raw) ? raw.join('.') : typeof raw === 'string' ? raw : '';
        // An item may name the field only; the error's own message then applies to it.
        if (name && !out[name]) out[name] = typeof message === 'string' ? message : this.message;
      }
    } else if (d && typeof d === 'object' && 'fields' in d && d.fields && typeof d.fields === 'object') {
      for (const [name, message] of Object.entries(d.fields as Record<string, unknown>)) {
        if (typeof message === 'string') out[name] = message;
      }
    }
    return out;
  }
}
