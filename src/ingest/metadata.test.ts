import { describe, expect, it } from 'vitest';
import { parseFileName, resolveMetadata } from './metadata.js';

describe('parseFileName', () => {
  it('splits "Title - Artist.ext" at the last " - " like seed 000', () => {
    expect(parseFileName('/m/Hey Jude - The Beatles.mp3')).toEqual({ title: 'Hey Jude', artist: 'The Beatles' });
    expect(parseFileName('/m/Live - Intro - Band.flac')).toEqual({ title: 'Live - Intro', artist: 'Band' });
    expect(parseFileName('/m/blues.00012.wav')).toEqual({ title: 'blues.00012' });
    expect(parseFileName('/m/ - Artist.mp3')).toEqual({ title: '- Artist' });
  });
});

describe('resolveMetadata', () => {
  const path = '/music/rock/Song One - Velvet Pianos.mp3';
  it('tags first, then the file name; genre from tags or the parent folder', () => {
    expect(resolveMetadata(path, {})).toEqual({ title: 'Song One', artist: 'Velvet Pianos', genre: null, album: null, year: null });
    expect(resolveMetadata(path, { artist: 'Tagged', title: 'T', genre: 'Pop', album: 'A', year: 1999 })).toEqual({
      title: 'T',
      artist: 'Tagged',
      genre: 'Pop',
      album: 'A',
      year: 1999,
    });
    expect(resolveMetadata(path, { genre: 'Pop' }, { artistFrom: 'tags', genreFrom: 'dir' }).genre).toBe('rock');
  });

  it('--artist-from filename prefers the name; dir takes the parent folder', () => {
    expect(resolveMetadata(path, { artist: 'Tagged', title: 'T' }, { artistFrom: 'filename', genreFrom: 'tags' })).toMatchObject({ title: 'Song One', artist: 'Velvet Pianos' });
    expect(resolveMetadata('/m/x/plain.mp3', { artist: 'Tagged' }, { artistFrom: 'filename', genreFrom: 'tags' })).toMatchObject({ title: 'plain', artist: 'Tagged' });
    expect(resolveMetadata('/m/Miles Davis/So What.mp3', {}, { artistFrom: 'dir', genreFrom: 'tags' })).toMatchObject({ title: 'So What', artist: 'Miles Davis' });
    expect(resolveMetadata('/m/x/plain.mp3', { artist: '  ' }).artist).toBeNull();
  });
});
