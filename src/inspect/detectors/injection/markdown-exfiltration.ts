import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { weighByRole } from './role-weight.js';

// Inline markdown images and links, and HTML images, with an absolute http(s) URL. A client that
// renders the model's answer fetches an image URL by itself: if the model was talked into putting
// conversation data in that URL, the data leaves without anyone clicking (the "markdown image
// exfiltration" attack). Bounded classes keep every pattern linear.
const MARKDOWN_LINK = /(!?)\[[^\]\n]{0,200}\]\(\s*<?(https?:\/\/[^\s)>]{1,2048})/g;
const HTML_IMAGE = /<img\b[^>]{0,200}?\bsrc\s*=\s*["']?(https?:\/\/[^\s"'>]{1,2048})/gi;

// Placeholders a prompt injection asks the model to fill in: `{data}`, `[CHAT]`, `$SECRET`, `%s`, `<summary>`.
const PLACEHOLDER = /\{[^}]{1,40}\}|\[[A-Z_ ]{2,40}\]|\$[A-Z_]{2,40}|%s|<[a-z_ ]{2,40}>|%7B|%5B/;
// A value that carries data rather than a setting: long, or base64/hex-like.
const DATA_VALUE = /^[A-Za-z0-9+/=_%.-]{24,}$/;

/** Why a URL looks like it carries data, or undefined when it looks like an ordinary link. */
function scoreUrl(url: string): number {
  const queryStart = url.indexOf('?');
  const query = queryStart >= 0 ? url.slice(queryStart + 1) : '';
  const path = queryStart >= 0 ? url.slice(0, queryStart) : url;
  if (PLACEHOLDER.test(url)) return 0.85;
  const values = query.split('&').map((pair) => pair.slice(pair.indexOf('=') + 1));
  if (values.some((value) => value.length >= 40 || DATA_VALUE.test(value))) return 0.7;
  // A long opaque path segment (`/log/SGVsbG8gd29ybGQ...`) carries data as well as a query does.
  if (
    path
      .split('/')
      .slice(3)
      .some((segment) => segment.length >= 48 && DATA_VALUE.test(segment))
  )
    return 0.6;
  return 0;
}

function pushMatch(matches: DetectorMatch[], start: number, end: number, confidence: number, context: DetectContext): void {
  matches.push({ category: 'injection', type: 'markdown_exfiltration', start, end, confidence: weighByRole(confidence, context) });
}

/**
 * Finds markdown and HTML images (and, with less weight, links) whose URL carries data to an
 * external host: query values or path segments that are long, encoded, or template placeholders.
 */
export const markdownExfiltrationDetector: Detector = {
  id: 'injection-markdown-exfiltration',
  keywords: ['](http', '](<http', '<img'],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of text.matchAll(MARKDOWN_LINK)) {
      const score = scoreUrl(match[2] ?? '');
      if (score === 0) continue;
      // An image loads on render; a link needs a click, so it weighs less.
      const confidence = match[1] === '!' ? score : score - 0.25;
      pushMatch(matches, match.index, match.index + match[0].length, confidence, context);
    }
    for (const match of text.matchAll(HTML_IMAGE)) {
      const score = scoreUrl(match[1] ?? '');
      if (score > 0) pushMatch(matches, match.index, match.index + match[0].length, score, context);
    }
    return matches;
  },
};
