// Downloads: one way to answer a file (type, name, whether the browser shows or saves it). The
// Content-Disposition carries an ASCII fallback for old clients and the UTF-8 name (RFC 6266 /
// RFC 5987) for the rest, so a Chinese file name survives.
export const fileTypes = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  zip: "application/zip",
} as const;

export function attachmentDisposition(kind: "inline" | "attachment", fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encoded}`;
}

/** A file to download: `name` in any language (`asciiName` for old clients), its media type, shown (`inline`) or saved. */
export function fileResponse(
  body: BodyInit,
  file: { name: string; asciiName?: string; type: string; inline?: boolean },
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    headers: {
      "Content-Type": file.type,
      "Content-Disposition": attachmentDisposition(file.inline ? "inline" : "attachment", file.name, file.asciiName ?? file.name),
      // The declared type is the one a browser uses: an uploaded attachment is never run as a page.
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}
