// Lint: TypeScript and React hooks rules, plus two project rules — db/ and server/ reach app/
// only through *.server.ts files (so they can never enter a browser bundle; nor can the draw,
// which hashes with node:crypto), and components and routes contain no hard-coded visible text
// (everything goes through the i18n layer).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const visibleText = /[A-Za-z\u4e00-\u9fff]/.source;

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "data/", "test-results/", "playwright-report/", "e2e/.data/", "e2e/artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx", "app/**/*.test.ts", "app/**/*.db.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/db/**", "**/db", "**/server/**"], message: "Import db/ and server/ only from *.server.ts files (see CONVENTIONS.md)." },
            { group: ["node:*"], message: "Node built-ins belong in *.server.ts files or app/domain." },
            // The draw hashes with node:crypto: it runs in services and loaders, never in a browser.
            {
              group: ["~/domain/registration/draw", "**/domain/registration/draw"],
              allowTypeImports: true,
              message: "The draw (node:crypto) is imported only by *.server.ts files (services).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/**", "**/server/**", "kysely", "@remix-run/*", "react", "socket.io*"],
              message: "app/domain is pure: no I/O, framework or database imports.",
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Time comes into the domain as an argument." },
        { object: "Math", property: "random", message: "Randomness comes into the domain as an argument (seeded)." },
        { object: "process", property: "env", message: "The domain reads no environment." },
      ],
    },
  },
  {
    files: ["app/routes/**/*.tsx", "app/components/**/*.tsx", "app/root.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: `JSXText[value=/${visibleText}/]`, message: "Visible text goes through t() (app/i18n/locales)." },
        {
          selector: `JSXAttribute[name.name=/^(placeholder|title|alt|aria-label)$/] > Literal[value=/${visibleText}/]`,
          message: "Visible text goes through t() (app/i18n/locales).",
        },
      ],
    },
  },
);
