import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from '../../test/audio-gen.js';
import { hashFile } from './hash.js';

const dir = mkdtempSync(join(tmpdir(), 'sonicprint-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFile', () => {
  it('is the sha256 of the bytes, across chunk boundaries, and of an empty file', async () => {
    const bytes = randomBytes(3 * (1 << 20) + 17);
    writeFileSync(join(dir, 'a.bin'), bytes);
    expect(await hashFile(join(dir, 'a.bin'))).toBe(createHash('sha256').update(bytes).digest('hex'));
    writeFileSync(join(dir, 'empty'), '');
    expect(await hashFile(join(dir, 'empty'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('names the file and the reason', async () => {
    await expect(hashFile(join(dir, 'missing.mp3'))).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringContaining('missing.mp3') });
    await expect(hashFile(dir)).rejects.toMatchObject({ code: 'E_IS_DIRECTORY' });
  });
});
