import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferSource, fsError, fsErrorCode, openFileSource } from './byte-source.js';

const dir = mkdtempSync(join(tmpdir(), 'sonicprint-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fsErrorCode', () => {
  it('maps errno names to error codes', () => {
    expect(fsErrorCode('ENOENT')).toBe('E_NOT_FOUND');
    expect(fsErrorCode('ENOTDIR')).toBe('E_NOT_FOUND');
    expect(fsErrorCode('EISDIR')).toBe('E_IS_DIRECTORY');
    for (const errno of ['EACCES', 'EPERM', 'EIO', 'ELOOP', 'EMFILE', undefined]) expect(fsErrorCode(errno)).toBe('E_UNREADABLE');
  });

  it('says why a file cannot be read', () => {
    expect(fsError('a.wav', Object.assign(new Error('x'), { code: 'EACCES' })).message).toBe('a.wav: cannot be read (EACCES: permission denied)');
    expect(fsError('a.wav', Object.assign(new Error('x'), { code: 'ENOENT' })).message).toBe('a.wav: no such file');
  });
});

describe('openFileSource', () => {
  it('reads ranges, short only at the end', async () => {
    const p = join(dir, 'f.bin');
    writeFileSync(p, Uint8Array.from({ length: 100 }, (_, i) => i));
    const s = await openFileSource(p);
    try {
      expect(s.size).toBe(100);
      expect([...(await s.read(10, 3))]).toEqual([10, 11, 12]);
      expect((await s.read(95, 10)).length).toBe(5);
      expect((await s.read(200, 10)).length).toBe(0);
    } finally {
      await s.close();
      await s.close(); // twice is fine
    }
  });
});

describe('bufferSource', () => {
  it('returns copies, so callers may keep them', async () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const s = bufferSource(bytes, 'mem');
    const got = await s.read(0, 2);
    got[0] = 9;
    expect(bytes[0]).toBe(1);
    expect(s.name).toBe('mem');
  });
});
