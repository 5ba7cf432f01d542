/**
 * `Content-Disposition: attachment` with the file's name (RFC 6266): an ASCII fallback in `filename`
 * (non-ASCII and quoting characters replaced by "_") and the exact name in `filename*` (RFC 5987,
 * UTF-8, percent-encoded), so a Vietnamese name survives and no name can break the header.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
