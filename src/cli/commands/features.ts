/** `sonicprint features <files...>`: librosa-compatible descriptors per file, summarised or frame by frame. */
import { Option } from 'commander';
import { load } from '../../audio/load.js';
import { extractFeatures, framesAsRows, summarizeFeatures, DESCRIPTOR_LABELS, type FeatureSummary } from '../../audio/features.js';
import { FEATURE_DEFAULTS } from '../../audio/defaults.js';
import { reportFailures, runBatch } from '../batch.js';
import { duration, json, num, table } from '../format.js';
import { nonNegativeNumber, positiveInteger, positiveNumber } from '../options.js';
import type { Register } from '../program.js';

interface FeaturesFlags {
  sr: number;
  offset?: number;
  duration?: number;
  frames?: boolean;
  json?: boolean;
  nFft: number;
  hopLength: number;
}

export const registerFeatures: Register = (program, io, setExit) => {
  program
    .command('features')
    .summary('librosa-compatible descriptors per file (summary or every frame)')
    .description(
      'Compute librosa-compatible descriptors: MFCC, chroma, spectral centroid/bandwidth/rolloff/flatness/contrast, zero-crossing rate, RMS, onset strength, tempo and beats, and the estimated key. By default prints summary statistics (mean, std, min, max per dimension); --frames gives every frame.',
    )
    .argument('<files...>', 'audio files')
    .addOption(new Option('--sr <hz>', 'resample to this rate before analysis').argParser(positiveInteger).default(FEATURE_DEFAULTS.sr))
    .addOption(new Option('--offset <seconds>', 'start this many seconds into the file').argParser(nonNegativeNumber))
    .addOption(new Option('--duration <seconds>', 'analyse at most this many seconds').argParser(positiveNumber))
    .addOption(new Option('--n-fft <n>', 'FFT size').argParser(positiveInteger).default(FEATURE_DEFAULTS.nFft))
    .addOption(new Option('--hop-length <n>', 'samples between frames').argParser(positiveInteger).default(FEATURE_DEFAULTS.hopLength))
    .option('--frames', 'frame-level values instead of summaries (JSON arrays are [dimension][frame], as librosa)')
    .option('--json', 'print one JSON document: { files: [...], failures: [...] }')
    .addHelpText(
      'after',
      '\nExamples:\n  sonicprint features song.mp3\n  sonicprint features --offset 60 --duration 30 --json song.flac\n  sonicprint features --frames --json clip.wav > frames.json\n',
    )
    .action(async (files: string[], flags: FeaturesFlags) => {
      const outcome = await runBatch(io, files, Boolean(flags.json), async (file) => {
        const signal = await load(file, { sr: flags.sr, offset: flags.offset, duration: flags.duration });
        const set = extractFeatures(signal, { nFft: flags.nFft, hopLength: flags.hopLength });
        return { summary: summarizeFeatures(set, file, signal.warnings), frames: flags.frames ? framesAsRows(set) : undefined };
      });
      if (flags.json) {
        const docs = outcome.results.map(({ value }) => (value.frames ? { ...value.summary, frames: value.frames } : value.summary));
        io.stdout.write(json({ files: docs, failures: outcome.failures.map((f) => f.error.toJSON()) }));
      } else {
        for (const { value } of outcome.results) {
          io.stdout.write(headline(value.summary));
          io.stdout.write(value.frames ? frameTable(value.frames) : summaryTable(value.summary));
          io.stdout.write('\n');
        }
      }
      setExit(reportFailures(io, outcome, Boolean(flags.json)));
    });
};

function headline(s: FeatureSummary): string {
  const key = s.key ? `${s.key.name} (r=${num(s.key.confidence, 2)})` : 'none';
  const warn = s.warnings.length ? `\n  warning: ${s.warnings.join('; ')}` : '';
  return `${s.file}: ${duration(s.duration)} at ${s.sr} Hz, ${s.nFrames} frames | tempo ${num(s.tempo)} BPM, ${s.beatTimes.length} beats | key ${key}${warn}\n`;
}

function summaryTable(s: FeatureSummary): string {
  const rows: (string | number)[][] = [];
  for (const [name, stats] of Object.entries(s.descriptors)) {
    const labels = DESCRIPTOR_LABELS[name as keyof typeof DESCRIPTOR_LABELS];
    for (let d = 0; d < stats.mean.length; d++) {
      const label = stats.mean.length === 1 ? name : `${name}[${labels?.[d] ?? d}]`;
      rows.push([label, num(stats.mean[d]), num(stats.std[d]), num(stats.min[d]), num(stats.max[d])]);
    }
  }
  return table(['descriptor', 'mean', 'std', 'min', 'max'], rows);
}

/** On a terminal, frames are shown for the one-dimensional descriptors; --json has all of them. */
function frameTable(frames: ReturnType<typeof framesAsRows>): string {
  const scalar = Object.entries(frames.descriptors).filter(([, rows]) => rows.length === 1);
  const rows = frames.times.map((t, i) => [num(t, 4), ...scalar.map(([, r]) => num(r[0][i]))]);
  return table(['time (s)', ...scalar.map(([n]) => n)], rows);
}
