import { type Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import { UnreadableFile } from './import-item';

/**
 * Text as exporters write it: UTF-8 with or without a BOM, or UTF-16 (LE or BE, with its BOM, as some
 * spreadsheet exports do), decoded to UTF-8 strings whatever the chunk boundaries.
 */
function decodeText(): Transform {
  let decoder: TextDecoder | undefined;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      if (!decoder) {
        const le = chunk[0] === 0xff && chunk[1] === 0xfe;
        const be = chunk[0] === 0xfe && chunk[1] === 0xff;
        decoder = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8', { fatal: true });
      }
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(new UnreadableFile('bad_encoding', 'The file is not UTF-8 or UTF-16 text.'));
      }
    },
    flush(done) {
      try {
        done(null, decoder?.decode() ?? '');
      } catch {
        done(new UnreadableFile('bad_encoding', 'The file is not UTF-8 or UTF-16 text.'));
      }
    },
  });
}

/** The delimiter of a header line: the most frequent of comma, semicolon and tab outside quotes. */
function guessDelimiter(header: string): string {
  const unquoted = header.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

export interface CsvRow {
  /** The line the record starts on, 1 for the header. */
  line: number;
  values: string[];
}

/**
 * The records of a CSV stream after its header, streamed (csv-parse), with their line numbers. The
 * delimiter is read off the header; a header of one column whose text holds another separator is a
 * file cut with the wrong delimiter.
 */
export async function* csvRows(
  input: Readable,
  onHeader: (header: string[]) => void,
  opts: { delimiter?: string } = {},
): AsyncGenerator<CsvRow> {
  const text = input.pipe(decodeText());
  input.on('error', () =>
    text.destroy(new UnreadableFile('damaged_file', 'The file is damaged or truncated.')),
  );
  let head = '';
  const iterator = text[Symbol.asyncIterator]();
  while (!head.includes('\n')) {
    const next = await iterator.next();
    if (next.done) break;
    head += String(next.value);
  }
  head = head.replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = opts.delimiter ?? guessDelimiter(firstLine);
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    trim: true,
  });
  const feed = (async () => {
    parser.write(head);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!parser.write(String(next.value))) await new Promise((r) => parser.once('drain', r));
    }
    parser.end();
  })();
  feed.catch((err) => parser.destroy(err));
  let headerSeen = false;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!headerSeen) {
        headerSeen = true;
        onHeader(rec.record);
        continue;
      }
      yield { line: rec.info.lines, values: rec.record };
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    throw new UnreadableFile('bad_csv', 'The CSV file could not be read (quotes or line ends do not match).');
  }
}

/** A header name compared without case, accents, spaces or its unit: "Poids (kg)" → "poids". */
export function headerKey(name: string): { key: string; unit: string | undefined } {
  const unit = /\(([^)]+)\)\s*$/.exec(name)?.[1]?.trim();
  const key = name
    .replace(/\([^)]*\)\s*$/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return { key, unit };
}
