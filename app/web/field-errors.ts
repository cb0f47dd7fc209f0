// What a refused form carries back to the page: per field, a message key and its parameters,
// translated where the field is shown. Browser code imports these types; the parsing that makes
// them is server-side (validation.server.ts).
export interface FieldProblem {
  /** Key under `validation.` or `errors.` in app/i18n/locales. */
  key: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldProblem>;
