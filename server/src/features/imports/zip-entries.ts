import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type ImportLimits, UnreadableFile } from './import-item';

/**
 * The files of a ZIP archive, one stream at a time (yauzl: the central directory is read first, so
 * a truncated archive fails before anything is stored). A ZIP bomb is refused before inflating from
 * the sizes the directory declares (total expanded size, entry count, ratio per entry), and yauzl
 * checks each entry inflates to exactly its declared size, so a lying header fails too.
 */
export async function* zipEntries(file: string, limits: ImportLimits): AsyncGenerator<ZipEntry> {
  const zip = await openZip(file, limits);
  try {
    yield* zip.entries;
  } finally {
    zip.close();
  }
}

export interface ZipEntry {
  name: string;
  open: () => Promise<Readable>;
}

/**
 * The archive's files at once, any of them opened in any order until `close` (an Apple export's
 * workout routes are read while export.xml is, wherever the archive placed them), with the same checks.
 */
export async function openZip(
  file: string,
  limits: ImportLimits,
): Promise<{ entries: ZipEntry[]; close: () => void }> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) =>
      err || !z
        ? reject(new UnreadableFile('not_a_zip', 'The file is not a ZIP archive, or it is truncated.'))
        : resolve(z),
    ),
  );
  try {
    const entries: Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: Entry) => {
        entries.push(e);
        if (entries.length > limits.maxEntries) {
          reject(
            new UnreadableFile('too_many_files', `The archive holds more than ${limits.maxEntries} files.`),
          );
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () =>
        reject(new UnreadableFile('not_a_zip', 'The ZIP archive is damaged or truncated.')),
      );
      zip.readEntry();
    });
    let expanded = 0;
    for (const e of entries) {
      expanded += e.uncompressedSize;
      const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
      if (e.uncompressedSize > 1_000_000 && ratio > limits.maxRatio) {
        throw new UnreadableFile(
          'zip_bomb',
          'The archive expands far beyond its size (a ZIP bomb?); it was not opened.',
        );
      }
    }
    if (expanded > limits.maxExpandedBytes) {
      throw new UnreadableFile(
        'too_large_expanded',
        'The archive expands beyond the size an import may have.',
      );
    }
    return {
      entries: entries
        .filter((e) => !e.fileName.endsWith('/'))
        .map((e) => ({
          name: e.fileName,
          open: () =>
            new Promise<Readable>((resolve, reject) =>
              zip.openReadStream(e, (err, stream) =>
                err || !stream
                  ? reject(new UnreadableFile('not_a_zip', 'A file of the archive is damaged.'))
                  : resolve(stream),
              ),
            ),
        })),
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}
