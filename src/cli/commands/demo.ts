/** `sonicprint demo`: generates its own music and runs the pipeline on it, so a fresh install shows what the tool does. */
import { join, relative, resolve } from 'node:path';
import { runDemo, styleKeyName } from '../../demo/demo.js';
import { json, num, table } from '../format.js';
import type { Register } from '../program.js';

export const registerDemo: Register = (program, io) => {
  program
    .command('demo')
    .summary('a tour: generate music, analyse it, fingerprint a library, match a new act against it')
    .description(
      'Generate three short multi-instrument clips (deterministic: piano pop, plucked country, organ ambient), write them as WAV, MP3 and Ogg Vorbis, then decode and analyse them: tempo, beats, key, timbre and loudness. Then build a reference library of 12 songs by the three artists, fingerprint a new act that imitates one of them, rank the library artists it sounds like, and write an HTML report.',
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
      const sa = result.soundAlike;
      const top = sa.match.artists?.ranking ?? [];
      io.stdout.write(
        `\nsonicprint demo: fingerprint -> search\n\nReference library ${shown(sa.libraryDir)}/: ${sa.libraryTracks} songs by ${sa.artists.length} artists (${sa.artists.join(', ')}).\n` +
          `A new act, "${sa.act.name}" (${sa.act.songs.length} songs, secretly imitating ${sa.act.imitates}), sounds most like:\n\n`,
      );
      io.stdout.write(
        table(
          ['#', 'artist', 'final score', 'mean similarity', 'songs matched', 'best matching song'],
          top.map((a) => [a.rank, a.artist, num(a.finalScore, 3), num(a.meanScore, 3), `${a.matchedQueries}/${a.queryCount}`, `${a.bestTracks[0]?.title ?? ''} (${num(a.bestTracks[0]?.score, 3)})`]),
        ),
      );
      const h = sa.homogeneity;
      if (sa.match.genre) io.stdout.write(`\nGenre: ${sa.match.genre.genre} (cosine ${num(sa.match.genre.similarity, 3)} to the genre centroid).\n`);
      io.stdout.write(
        `Its songs are alike: mean cosine ${num(h.stats.mean, 3)} between them` +
          (h.placement ? `, more uniform than ${num(h.placement.percentile, 3)}% of the library's artists.\n` : '.\n'),
      );
      io.stdout.write(`Charts and tables: ${shown(sa.reportPath)}\n`);
      io.stdout.write(
        `\nThe clips are in ${shown(outDir)}/. Try (npx finds the sonicprint of this checkout):\n` +
          `  npx sonicprint info ${shown(outDir)}/*.wav ${shown(outDir)}/*.mp3 ${shown(outDir)}/*.ogg\n` +
          `  npx sonicprint features ${shown(result.clips[0].file)}\n` +
          `  npx sonicprint features --json --frames ${shown(result.clips[1].file)}\n` +
          `  npx sonicprint match --library ${shown(sa.libraryDir)} --artists --html act.html ${shown(join(sa.act.songs[0], '..'))}\n` +
          `  npx sonicprint homogeneity --library ${shown(sa.libraryDir)} --artist "${sa.artists[0]}"\n`,
      );
    });
};
