/** `sonicprint info <files...>`: container, codec, channels, rate, duration and tags of each file. */
import { probeFile, type AudioInfo } from '../../audio/probe.js';
import { reportFailures, runBatch } from '../batch.js';
import { duration, json, num, table } from '../format.js';
import type { Register } from '../program.js';

export const registerInfo: Register = (program, io, setExit) => {
  program
    .command('info')
    .summary('format, codec, channels, rate, duration and tags of audio files')
    .description('Show format, codec, channels, sample rate, duration and tags (artist, title, album, genre) of audio files.')
    .argument('<files...>', 'audio files (format is sniffed from the bytes, not the extension)')
    .option('--json', 'print one JSON document: { files: [...], failures: [...] }')
    .addHelpText('after', '\nExamples:\n  sonicprint info song.mp3\n  sonicprint info --json music/*.flac | jq \'.files[].tags.artist\'\n')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const outcome = await runBatch(io, files, Boolean(opts.json), (f) => probeFile(f));
      if (opts.json) {
        io.stdout.write(json({ files: outcome.results.map((r) => r.value), failures: outcome.failures.map((f) => f.error.toJSON()) }));
      } else if (outcome.results.length > 0) {
        io.stdout.write(infoTable(outcome.results.map((r) => r.value)));
      }
      setExit(reportFailures(io, outcome, Boolean(opts.json)));
    });
};

function infoTable(rows: AudioInfo[]): string {
  return table(
    ['file', 'format', 'codec', 'ch', 'rate', 'duration', 'kbit/s', 'artist', 'title', 'album', 'genre'],
    rows.map((r) => [
      r.path,
      r.formatName,
      r.codec,
      r.channels,
      r.sampleRate,
      r.duration === undefined ? '-' : duration(r.duration),
      r.bitrate ? num(r.bitrate / 1000, 3) : '-',
      r.tags.artist ?? '',
      r.tags.title ?? '',
      r.tags.album ?? '',
      r.tags.genre ?? '',
    ]),
  );
}
