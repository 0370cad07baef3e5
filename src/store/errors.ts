/** Errors about a library's state (missing, empty, too new), in the one SonicprintError family. */
import { SonicprintError, type ErrorCode } from '../errors.js';

/** The codes the store and ingest layers raise (all listed in ErrorCode). */
export type LibraryErrorCode = Extract<ErrorCode, 'E_EMPTY_LIBRARY' | 'E_NOT_A_LIBRARY' | 'E_SCHEMA_TOO_NEW' | 'E_EMBED_FAILED'>;

/** An error about a library (`input` is the library folder or the file concerned). */
export class LibraryError extends SonicprintError {
  constructor(code: LibraryErrorCode | ErrorCode, message: string, options?: { input?: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'LibraryError';
  }
}

/** True when `err` is a SonicprintError with this code (works for the library codes too). */
export function isLibraryError(err: unknown, code: LibraryErrorCode | ErrorCode): err is SonicprintError {
  return err instanceof SonicprintError && err.code === code;
}
