import { diffLines } from 'diff';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown → HTML for the policy pages. The operator writes the Markdown, but the HTML still goes
 * through an allow-list sanitiser: no script, style, event handler, iframe or javascript: link can
 * reach a user's browser, whatever a policy file contains.
 */
export function renderPolicyMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
    allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  });
}

export interface DiffPart {
  /** 'same' parts are context; the web app folds long ones. */
  change: 'added' | 'removed' | 'same';
  text: string;
}

/** What changed from one version's Markdown to the next, line by line. */
export function diffPolicies(previous: string, current: string): DiffPart[] {
  return diffLines(previous, current).map((part) => ({
    change: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));
}
