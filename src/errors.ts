/** The one error family of sonicprint: every error a user can see has a stable `code`. */

/** Stable error codes. Scripts may match on these; never rename one. */
export type ErrorCode =
  /** The path does not exist. */
  | 'E_NOT_FOUND'
  /** The path is a directory where a file was expected. */
  | 'E_IS_DIRECTORY'
  /** The file exists but cannot be read (permissions, I/O error). */
  | 'E_UNREADABLE'
  /** The file has zero bytes. */
  | 'E_EMPTY_FILE'
  /** The bytes are not any audio format we know (HTML, text, random data...). */
  | 'E_UNKNOWN_FORMAT'
  /** A known container/codec, but the data is damaged or cut short. */
  | 'E_CORRUPT'
  /** The file decodes but holds no samples (zero-length audio). */
  | 'E_NO_AUDIO'
  /** A format we recognise but can only decode through ffmpeg, which is not installed. */
  | 'E_NEEDS_FFMPEG'
  /** ffmpeg ran and failed. */
  | 'E_FFMPEG_FAILED'
  /** A function or command got a parameter value it cannot use. */
  | 'E_INVALID_PARAMETER'
  /** The library has no tracks, or no vectors of the embedder asked for. */
  | 'E_EMPTY_LIBRARY'
  /** The folder holds a SQLite file that is not a sonicprint library. */
  | 'E_NOT_A_LIBRARY'
  /** The library was written by a newer sonicprint (schema version above the ones we know). */
  | 'E_SCHEMA_TOO_NEW'
  /** An embedder failed on a decoded signal, returned a bad vector, or its worker crashed. */
  | 'E_EMBED_FAILED';

/** Base class: `message` is written for the user and names the input and the reason. */
export class SonicprintError extends Error {
  readonly code: ErrorCode;
  /** The file or input the error is about, when there is one. */
  readonly input?: string;

  constructor(code: ErrorCode, message: string, options?: { input?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SonicprintError';
    this.code = code;
    this.input = options?.input;
  }

  /** Plain JSON form for `--json` output and batch summaries. */
  toJSON(): { code: ErrorCode; message: string; input?: string } {
    return { code: this.code, message: this.message, ...(this.input === undefined ? {} : { input: this.input }) };
  }
}

/** A file could not be turned into audio. The message starts with the file name. */
export class AudioDecodeError extends SonicprintError {
  constructor(code: ErrorCode, input: string, reason: string, cause?: unknown) {
    super(code, `${input}: ${reason}`, { input, cause });
    this.name = 'AudioDecodeError';
  }
}

/** A parameter was out of range or of the wrong kind; the message names it and its value. */
export class ParameterError extends SonicprintError {
  constructor(message: string) {
    super('E_INVALID_PARAMETER', message);
    this.name = 'ParameterError';
  }
}

/** Turns anything thrown into a SonicprintError, keeping codes we already set. */
export function asSonicprintError(err: unknown, input?: string): SonicprintError {
  if (err instanceof SonicprintError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new SonicprintError('E_CORRUPT', input ? `${input}: ${reason}` : reason, { input, cause: err });
}
