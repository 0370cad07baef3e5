/** `sonicprint demo`: generates its own music and runs the pipeline on it, so a fresh install shows what the tool does. */
import { relative, resolve } from 'node:path';
import { runDemo, styleKeyName } from '../../demo/demo.js';
import { json, num, table } from '../format.js';
import type { Register } from '../program.js';

export const registerDemo: Register = (program, io) => {
  program
    .command('demo')
    .summary('generate three clips and analyse them: a tour of what sonicprint does')
    .description(
      'Generate three short multi-instrument clips (deterministic: piano pop, plucked country, organ ambient), write them as WAV, MP3 and Ogg Vorbis, then decode and analyse them: tempo, beats, key, timbre and loudness.',
    )
    .option('--out <dir>', 'where to write the clips', 'demo-out')
    .option('--json', 'print the full result as JSON')
    .action(async (opts: { out: string; json?: boolean }) => {
      const outDir = resolve(io.cwd, opts.out);
      const result = await runDemo(outDir, (file) => {
        if (!opts.json) io.stderr.write(`wrote ${file}\n`);
      });
      if (opts.json) {
        io.stdout.write(json(result));
        return;
      }
      io.stdout.write('\nsonicprint demo: decode -> mono -> resample (22050 Hz) -> STFT -> librosa-compatible features\n\n');
      io.stdout.write(
        table(
          ['clip', 'format', 'generated as', 'tempo (est.)', 'key (est.)', 'beats', 'brightness (centroid Hz)', 'loudness (RMS)'],
          result.clips.map((c) => [
            c.style.name,
            c.info.formatName,
            `${c.style.tempo} BPM, ${styleKeyName(c.style)}`,
            `${num(c.features.tempo)} BPM`,
            c.features.key?.name ?? 'none',
            c.features.beatTimes.length,
            num(c.features.descriptors.spectral_centroid.mean[0]),
            num(c.features.descriptors.rms.mean[0], 3),
          ]),
        ),
      );
      const shown = (file: string) => relative(io.cwd, file) || '.';
      io.stdout.write(
        `\nThe clips are in ${shown(outDir)}/. Try (npx finds the sonicprint of this checkout):\n` +
          `  npx sonicprint info ${shown(outDir)}/*\n` +
          `  npx sonicprint features ${shown(result.clips[0].file)}\n` +
          `  npx sonicprint features --json --frames ${shown(result.clips[1].file)}\n`,
      );
    });
};
