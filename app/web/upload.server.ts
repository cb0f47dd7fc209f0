// Uploads: the one file of a form, checked the same way everywhere. A missing or empty file is
// `noFile` (400) and one past the route's limit `fileTooLarge` (413); each page words them for
// the files it takes (scoreSheets.noFile: "请选择 CSV 文件", …).
export type UploadProblem = { code: "noFile" | "fileTooLarge"; params: Record<string, never> };

export type Upload = { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; problem: UploadProblem; status: 400 | 413 };

export async function readUpload(form: FormData | null, maxBytes: number, field = "file"): Promise<Upload> {
  const file = form?.get(field);
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, problem: { code: "noFile", params: {} }, status: 400 };
  if (file.size > maxBytes) return { ok: false, problem: { code: "fileTooLarge", params: {} }, status: 413 };
  return { ok: true, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
