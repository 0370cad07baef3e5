/** The shape of an embedder id: it names files in a library's index folder, so letters, digits, '-' and '_' only. */
export const EMBEDDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
