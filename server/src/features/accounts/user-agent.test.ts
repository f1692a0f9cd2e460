import { describe, expect, it } from 'vitest';
import { browserInWords, describeUserAgent } from './user-agent';

describe('a user agent in words', () => {
  it("leaves what the user agent did not say empty, for the reader's own language", () => {
    expect(describeUserAgent(null)).toEqual({ browser: '', os: '', device: '' });
    expect(describeUserAgent('')).toEqual({ browser: '', os: '', device: '' });
    expect(describeUserAgent('no-such-agent')).toMatchObject({ browser: '', os: '' });
  });

  it('names a known browser, and says an unknown one in English in a mail', () => {
    const ua = describeUserAgent(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    );
    expect(ua).toEqual({ browser: 'Chrome 126', os: 'Linux', device: 'desktop' });
    expect(browserInWords(ua)).toBe('Chrome 126 on Linux');
    expect(browserInWords(describeUserAgent(null))).toBe('an unknown browser');
  });
});
