// The lint rules of this workbook, taken from ../shared/STYLE.md where a rule can check them:
// no `any`, exhaustive switches over closed unions, no Math.random in the library or the exercises
// (randomness is injected and seeded), no imports of our own build output, no unused names.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "build/**", "reports/**", "**/*.d.ts", "solutions/*/wrong/**", "notebooks/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(d2lzh|d2lzh-exercises)/dist(/|$)", message: "import the package entry (d2lzh, d2lzh/check, d2lzh-exercises), not its build output" }] }],
    },
  },
  {
    files: ["lib/src/**/*.ts", "solutions/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "take a seeded generator (d2l.seed) instead: every random choice is reproducible" }],
    },
  },
);
