/** The demo's second act: a small reference library of synthetic "human" artists, and a new act matched against it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeHomogeneity, type HomogeneityResult } from '../analysis/homogeneity.js';
import { match, type MatchResult } from '../analysis/match.js';
import { encodeWav } from '../audio/encode.js';
import { ingest } from '../ingest/ingest.js';
import { matchReportHtml } from '../report/pages.js';
import { writeReport } from '../report/html.js';
import { Library } from '../store/library.js';
import { DEMO_STYLES, renderClip, type Style } from '../synth/song.js';

const SR = 22050;
const SONG_SECONDS = 10;
const SONGS_PER_ARTIST = 4;
/** The new act imitates this style (index into DEMO_STYLES): the demo should find it. */
const IMITATED = 1;

export interface SoundAlikeDemo {
  libraryDir: string;
  libraryTracks: number;
  artists: string[];
  act: { name: string; imitates: string; songs: string[] };
  match: MatchResult;
  homogeneity: HomogeneityResult;
  reportPath: string;
}

async function writeSong(path: string, style: Style, seed: number): Promise<string> {
  const y = renderClip({ style, seed, duration: SONG_SECONDS, sr: SR });
  await writeFile(path, encodeWav({ channels: [y], sampleRate: SR }));
  return path;
}

/**
 * Writes 4 songs by each demo artist into `outDir/library-music/<genre>/Song N - Artist.wav`, adds them
 * to the library `outDir/library` (resumable: a second run finds them unchanged), writes 3 new songs
 * of an "AI act" that imitates one artist, and asks: who does it sound like, and how uniform is it?
 */
export async function runSoundAlikeDemo(outDir: string): Promise<SoundAlikeDemo> {
  const musicDir = join(outDir, 'library-music');
  for (const [a, style] of DEMO_STYLES.entries()) {
    await mkdir(join(musicDir, style.genre), { recursive: true });
    for (let s = 0; s < SONGS_PER_ARTIST; s++) {
      await writeSong(join(musicDir, style.genre, `Song ${s + 1} - ${style.name}.wav`), style, 2000 + 10 * a + s);
    }
  }
  const actDir = join(outDir, 'new-act');
  await mkdir(actDir, { recursive: true });
  const imitated = DEMO_STYLES[IMITATED];
  const songs: string[] = [];
  for (let s = 0; s < 3; s++) songs.push(await writeSong(join(actDir, `Track ${s + 1} - The Neon Drifters.wav`), imitated, 9000 + s));

  const libraryDir = join(outDir, 'library');
  const library = Library.open(libraryDir, { create: true });
  try {
    await ingest(library, [musicDir], { artistFrom: 'filename', genreFrom: 'dir', cwd: outDir });
    const matched = await match(library, [actDir], { k: 5, artists: {}, genre: 'auto', cwd: outDir });
    const homogeneity = await analyzeHomogeneity(library, [actDir], { cwd: outDir });
    const reportPath = join(outDir, 'report.html');
    await writeReport(reportPath, await matchReportHtml(matched));
    return {
      libraryDir,
      libraryTracks: library.trackCount(),
      artists: DEMO_STYLES.map((s) => s.name),
      act: { name: 'The Neon Drifters', imitates: imitated.name, songs },
      match: matched,
      homogeneity,
      reportPath,
    };
  } finally {
    library.close();
  }
}
