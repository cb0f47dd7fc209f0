// A Content-Disposition header for a file name in Chinese: an ASCII fallback for old clients and
// the UTF-8 name (RFC 6266 / RFC 5987) for the rest.
export function attachmentDisposition(kind: "inline" | "attachment", fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encoded}`;
}
