import { diffLines } from 'diff';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const attribute = (text: string) =>
  text.replace(/[*_`\\]/g, '').replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GFM, with tables whose cells carry their column's name (`data-label`): on a phone the page shows
 * each row as a card, every cell under its column's name, instead of columns a few letters wide.
 */
const policyMarked = new Marked({
  gfm: true,
  renderer: {
    table(token) {
      const labels = token.header.map((cell) => attribute(cell.text));
      const head = token.header.map((cell) => `<th scope="col">${this.parser.parseInline(cell.tokens)}</th>`);
      const rows = token.rows.map(
        (row) =>
          `<tr>${row.map((cell, i) => `<td data-label="${labels[i] ?? ''}">${this.parser.parseInline(cell.tokens)}</td>`).join('')}</tr>`,
      );
      return `<table><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>\n`;
    },
  },
});

/**
 * Markdown → HTML for the policy pages. The operator writes the Markdown, but the HTML still goes
 * through an allow-list sanitiser: no script, style, event handler, iframe or javascript: link can
 * reach a user's browser, whatever a policy file contains.
 */
export function renderPolicyMarkdown(markdown: string): string {
  const html = policyMarked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
    allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align', 'scope'], td: ['align', 'data-label'] },
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
